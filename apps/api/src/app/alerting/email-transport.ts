import { createTransport, Transporter } from 'nodemailer';

/** A thin adapter over nodemailer (kept apart so unit specs never load it). */
export interface EmailTransport {
  send(message: { from: string; to: string[]; subject: string; text: string; html: string }): Promise<void>;
  close(): void;
}

export function smtpTransport(smtpUrl: string, timeoutMs: number): EmailTransport {
  // nodemailer's own timeouts, so a stuck server cannot hold a delivery.
  const transporter: Transporter = createTransport({
    url: smtpUrl,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  return {
    async send(message) {
      await transporter.sendMail(message);
    },
    close() {
      transporter.close();
    },
  };
}
