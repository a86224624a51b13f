/** The plain pages of the sign-in flow (no dashboard involved: they must work when nothing else does). */
function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 36rem; margin: 4rem auto; padding: 0 1rem; line-height: 1.5">
<h1 style="font-size: 1.4rem">${escapeHtml(title)}</h1>${body}</body></html>`;
}

/** Any failed sign-in: nothing was signed in; the request id lets an admin find the log line. */
export function signInFailedPage(reason: string, requestId: string): string {
  return page(
    'Sign-in failed',
    `<p>${escapeHtml(reason)} You are not signed in.</p>
<p>Request id: <code>${escapeHtml(requestId)}</code></p>
<p><a href="/auth/login">Try again</a></p>`,
  );
}

/** OIDC_ROLE_STRICT and the person's groups map to no role. */
export function accessRefusedPage(email: string, requestId: string): string {
  return page(
    'No access yet',
    `<p>You signed in as <strong>${escapeHtml(email)}</strong>, but your groups give you no role in Stress AI Model Monitoring.</p>
<p>Ask an administrator for access (to be added to a group that grants a role), then <a href="/auth/login">sign in again</a>.</p>
<p>Request id: <code>${escapeHtml(requestId)}</code></p>`,
  );
}
