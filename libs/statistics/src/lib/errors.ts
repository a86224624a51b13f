/** A drift test or statistic was asked for input it cannot handle; the message says what to change. */
export class StatisticsInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StatisticsInputError';
  }
}
