import { BadRequestException } from '@nestjs/common';
import { ArrayMaxSize, IsNumber, IsString, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { createValidationPipe } from './validation';

class Point {
  @IsString() name!: string;
  @IsNumber() value!: number;
}
class Batch {
  @ValidateNested({ each: true })
  @Type(() => Point)
  @ArrayMaxSize(3)
  points!: Point[];
}

async function failure(body: unknown): Promise<{ message: string; details: Array<{ field: string; message: string }> }> {
  try {
    await createValidationPipe().transform(body, { type: 'body', metatype: Batch });
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequestException);
    return (error as BadRequestException).getResponse() as never;
  }
  throw new Error('expected a validation failure');
}

describe('createValidationPipe', () => {
  it('names nested fields by index and summarises the count', async () => {
    const response = await failure({
      points: [
        { name: 'ok', value: 1 },
        { name: 2, value: 'x' },
      ],
    });
    expect(response.details).toEqual([
      { field: 'points.1.name', message: 'name must be a string' },
      { field: 'points.1.value', message: expect.stringContaining('value must be a number') },
    ]);
    expect(response.message).toBe('Invalid request: points.1.name: name must be a string (and 1 more problem)');
  });

  it('refuses unknown fields, including prototype keys', async () => {
    const response = await failure(JSON.parse('{"points": [], "__proto__": {"admin": true}, "extra": 1}'));
    expect(response.details.map((detail) => detail.field)).toContain('extra');
    expect(response.details.find((detail) => detail.field === 'extra')?.message).toBe('unknown field extra: remove it');
  });

  it('lists at most 20 problems and counts them all in the message', async () => {
    const body: Record<string, unknown> = { points: [] };
    for (let index = 0; index < 50; index++) body[`extra${index}`] = index;
    const response = await failure(body);
    expect(response.details).toHaveLength(20);
    expect(response.message).toMatch(/\(and 49 more problems\)$/);
  });

  it('passes and transforms a valid body', async () => {
    const value = await createValidationPipe().transform({ points: [{ name: 'a', value: 1 }] }, { type: 'body', metatype: Batch });
    expect(value).toBeInstanceOf(Batch);
    expect(value.points[0]).toBeInstanceOf(Point);
  });
});
