import { createProjectGraphAsync } from '@nx/devkit';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');

const ESLINT = resolve(ROOT, 'node_modules/.bin/eslint');

/**
 * Lints a probe file inside a project, exactly as `nx lint <project>` would (the eslint
 * CLI from the project's directory, with its own config), without writing it to disk.
 */
async function lintProbe(projectDir: string, code: string): Promise<Array<{ ruleId: string | null; message: string }>> {
  const cwd = resolve(ROOT, projectDir);
  const run = spawnSync(ESLINT, ['--stdin', '--stdin-filename', resolve(cwd, 'src/boundary-probe.ts'), '--format', 'json'], {
    cwd,
    input: code,
    encoding: 'utf8',
    env: { ...process.env, NX_DAEMON: 'false' },
  });
  if (run.status !== 0 && run.status !== 1) throw new Error(`eslint failed (${run.status}): ${run.stderr}`);
  const [result] = JSON.parse(run.stdout) as Array<{ messages: Array<{ ruleId: string | null; message: string }> }>;
  return (result?.messages ?? []).map((message) => ({ ruleId: message.ruleId, message: message.message }));
}

function ruleHits(messages: Array<{ ruleId: string | null }>, rule: string): number {
  return messages.filter((message) => message.ruleId === rule).length;
}

describe('module boundaries bite', () => {
  beforeAll(async () => {
    // The Nx rule reads the cached project graph; make sure it exists.
    await createProjectGraphAsync({ exitOnError: true });
  });

  it.each([
    ["import { Injectable } from '@nestjs/common';", '@nestjs/common'],
    ["import { Component } from '@angular/core';", '@angular/core'],
    ["import { Repository } from 'typeorm';", 'typeorm'],
    ["import { Pool } from 'pg';", 'pg'],
  ])('libs/contracts may not import a platform package: %s', async (line) => {
    const messages = await lintProbe('libs/contracts', `${line}\nexport const probe = 1;\n`);
    expect(ruleHits(messages, '@nx/enforce-module-boundaries')).toBe(1);
  });

  it.each([["import { readFileSync } from 'node:fs';"], ["import { join } from 'path';"], ["import { createHash } from 'crypto';"]])(
    'libs/contracts may not import Node built-ins: %s',
    async (line) => {
      const messages = await lintProbe('libs/contracts', `${line}\nexport const probe = 1;\n`);
      expect(ruleHits(messages, 'no-restricted-imports')).toBe(1);
    },
  );

  it('libs/contracts may import class-validator (platform-neutral)', async () => {
    const messages = await lintProbe('libs/contracts', "import { IsString } from 'class-validator';\nexport const probe = IsString;\n");
    expect(messages.filter((message) => message.ruleId !== null && message.ruleId.includes('boundaries'))).toEqual([]);
    expect(ruleHits(messages, 'no-restricted-imports')).toBe(0);
  });

  it('the dashboard may not import API code, by path or by package', async () => {
    const byPath = await lintProbe(
      'apps/dashboard',
      "import { AppModule } from '../../api/src/app/app.module';\nexport const probe = AppModule;\n",
    );
    expect(ruleHits(byPath, '@nx/enforce-module-boundaries')).toBe(1);
    const byPackage = await lintProbe('apps/dashboard', "import { Controller } from '@nestjs/common';\nexport const probe = Controller;\n");
    expect(ruleHits(byPackage, '@nx/enforce-module-boundaries')).toBe(1);
  });

  it('the API may not import Angular', async () => {
    const messages = await lintProbe('apps/api', "import { signal } from '@angular/core';\nexport const probe = signal;\n");
    expect(ruleHits(messages, '@nx/enforce-module-boundaries')).toBe(1);
  });

  it('the dashboard may import the contracts', async () => {
    const messages = await lintProbe(
      'apps/dashboard',
      "import { ApiKeyRole } from '@stress/contracts';\nexport const probe = ApiKeyRole.Viewer;\n",
    );
    expect(ruleHits(messages, '@nx/enforce-module-boundaries')).toBe(0);
  });

  it('test helpers (type:testing) reach e2e projects only, never the API', async () => {
    const fromApi = await lintProbe('apps/api', "import { startApi } from '@stress/e2e-support';\nexport const probe = startApi;\n");
    expect(ruleHits(fromApi, '@nx/enforce-module-boundaries')).toBe(1);
    const fromE2e = await lintProbe('apps/api-e2e', "import { startApi } from '@stress/e2e-support';\nexport const probe = startApi;\n");
    expect(ruleHits(fromE2e, '@nx/enforce-module-boundaries')).toBe(0);
  });

  it('the statistics library stays platform-neutral: no Node built-ins', async () => {
    const messages = await lintProbe('libs/statistics', "import { cpus } from 'node:os';\nexport const probe = cpus;\n");
    expect(ruleHits(messages, 'no-restricted-imports')).toBe(1);
  });
});
