import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ApiKeyRole, roleAllows } from './api-key-role';
import { CreateApiKeyDto } from './api-key.dto';

function errorsOf(body: object): string[] {
  return validateSync(plainToInstance(CreateApiKeyDto, body)).map((error) => error.property);
}

describe('roleAllows', () => {
  it.each([
    [ApiKeyRole.Viewer, ApiKeyRole.Viewer, true],
    [ApiKeyRole.Viewer, ApiKeyRole.Editor, false],
    [ApiKeyRole.Editor, ApiKeyRole.Viewer, true],
    [ApiKeyRole.Editor, ApiKeyRole.Admin, false],
    [ApiKeyRole.Admin, ApiKeyRole.Editor, true],
  ])('%s may do what %s may: %s', (held, required, allowed) => {
    expect(roleAllows(held, required)).toBe(allowed);
  });
});

describe('CreateApiKeyDto', () => {
  it('accepts a name and a known role, trimming the name', () => {
    const dto = plainToInstance(CreateApiKeyDto, { name: '  billing  ', role: 'editor' });
    expect(validateSync(dto)).toEqual([]);
    expect(dto.name).toBe('billing');
  });

  it.each([
    [{ name: '', role: 'viewer' }, ['name']],
    [{ name: '   ', role: 'viewer' }, ['name']],
    [{ name: 'x'.repeat(101), role: 'viewer' }, ['name']],
    [{ name: 'tab\there', role: 'viewer' }, ['name']],
    [{ name: 'ok', role: 'root' }, ['role']],
    [{ name: 42, role: 'viewer' }, ['name']],
    [{}, ['name', 'role']],
  ])('refuses %j', (body, fields) => {
    expect(errorsOf(body)).toEqual(fields);
  });
});
