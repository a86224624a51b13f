import { readFileSync } from 'node:fs';

/** One Dockerfile instruction, continuation lines joined. */
export interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

export interface Stage {
  /** Image or earlier stage the stage starts from. */
  base: string;
  name: string | null;
  instructions: Instruction[];
}

export interface Dockerfile {
  stages: Stage[];
  /** The stage the image is made of: the last one. */
  final: Stage;
  stage(name: string): Stage;
}

/** Enough of the Dockerfile grammar for our files: comments, `\` continuations, `FROM x AS y`. */
export function parseDockerfile(path: string): Dockerfile {
  const lines = readFileSync(path, 'utf8').split('\n');
  const instructions: Instruction[] = [];
  let buffer = '';
  let startLine = 0;
  lines.forEach((raw, index) => {
    const line = raw.trimEnd();
    if (buffer === '' && (line.trim() === '' || line.trim().startsWith('#'))) return;
    if (buffer === '') startLine = index + 1;
    if (line.endsWith('\\')) {
      buffer += `${line.slice(0, -1)} `;
      return;
    }
    buffer += line;
    const match = /^\s*([A-Za-z]+)\s+([\s\S]*)$/.exec(buffer);
    if (!match?.[1]) throw new Error(`${path}:${startLine}: cannot parse "${buffer}"`);
    instructions.push({ keyword: match[1].toUpperCase(), args: (match[2] ?? '').replace(/\s+/g, ' ').trim(), line: startLine });
    buffer = '';
  });

  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const from = /^(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?$/i.exec(instruction.args);
      if (!from?.[1]) throw new Error(`${path}:${instruction.line}: cannot parse FROM`);
      stages.push({ base: from[1], name: from[2] ?? null, instructions: [] });
    } else {
      const current = stages[stages.length - 1];
      if (!current) throw new Error(`${path}:${instruction.line}: ${instruction.keyword} before FROM`);
      current.instructions.push(instruction);
    }
  }
  const final = stages[stages.length - 1];
  if (!final) throw new Error(`${path}: no FROM`);
  return {
    stages,
    final,
    stage: (name) => {
      const found = stages.find((stage) => stage.name === name);
      if (!found) throw new Error(`${path}: no stage "${name}"`);
      return found;
    },
  };
}

/** All instructions of a stage including those inherited from the stages it is built FROM. */
export function effectiveInstructions(file: Dockerfile, stage: Stage): Instruction[] {
  const parent = file.stages.find((candidate) => candidate.name === stage.base);
  return [...(parent ? effectiveInstructions(file, parent) : []), ...stage.instructions];
}

/** `ENV A=1 B="x y"` (and the legacy `ENV A 1`) → entries. */
export function envOf(instructions: Instruction[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const instruction of instructions.filter((item) => item.keyword === 'ENV')) {
    if (!instruction.args.includes('=')) {
      const [name, ...rest] = instruction.args.split(' ');
      if (name) env[name] = rest.join(' ');
      continue;
    }
    for (const match of instruction.args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|\S*)/g)) {
      const name = match[1] ?? '';
      const value = match[2] ?? '';
      env[name] = value.startsWith('"') ? (JSON.parse(value) as string) : value;
    }
  }
  return env;
}

/** The JSON (exec) form of CMD/ENTRYPOINT/HEALTHCHECK CMD; throws on the shell form. */
export function execForm(args: string): string[] {
  const json = args.slice(args.indexOf('['));
  const parsed = JSON.parse(json) as unknown;
  if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === 'string')) {
    throw new Error(`not an exec-form array: ${args}`);
  }
  return parsed as string[];
}

/** `COPY [--from=x] [--chown=..] src... dest` → parts. */
export function copyOf(instruction: Instruction): { from: string | null; sources: string[]; destination: string } {
  const words = instruction.args.split(' ');
  const flags = words.filter((word) => word.startsWith('--'));
  const paths = words.filter((word) => !word.startsWith('--'));
  const from = flags.find((flag) => flag.startsWith('--from='))?.slice('--from='.length) ?? null;
  return { from, sources: paths.slice(0, -1), destination: paths[paths.length - 1] ?? '' };
}
