import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import { ErrorDetailDto } from '@stress/contracts';

/** Problems listed in a validation error's `details` (the message gives the total). */
export const MAX_REPORTED_PROBLEMS = 20;

/** Flattens class-validator's tree into `{ field, message }` with dotted paths (`points.3.value`). */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): ErrorDetailDto[] {
  const details: ErrorDetailDto[] = [];
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    for (const message of Object.values(error.constraints ?? {})) {
      details.push({ field, message: message.replace(/^property (\S+) should not exist$/, 'unknown field $1: remove it') });
    }
    if (error.children?.length) details.push(...flattenValidationErrors(error.children, field));
  }
  return details;
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    // `__proto__`, `constructor` and similar keys are data, never prototype changes.
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const details = flattenValidationErrors(errors);
      const first = details[0];
      return new BadRequestException({
        message: first
          ? `Invalid request: ${first.field}: ${first.message}${details.length > 1 ? ` (and ${details.length - 1} more problem${details.length > 2 ? 's' : ''})` : ''}`
          : 'Invalid request',
        // The count is in the message; a list of thousands helps nobody and made 5 MB answers.
        details: details.slice(0, MAX_REPORTED_PROBLEMS),
      });
    },
  });
}
