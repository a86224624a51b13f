import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';

/** A Kubernetes object as plain JSON. */
export type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
} & Record<string, unknown>;

interface Kustomization {
  namespace?: string;
  resources?: string[];
  images?: Array<{ name: string; newName?: string; newTag?: string; digest?: string }>;
  replicas?: Array<{ name: string; count: number }>;
  patches?: Array<{ path: string }>;
}

/** The kustomization features this repository uses; anything else is refused, not ignored. */
const SUPPORTED = new Set(['apiVersion', 'kind', 'namespace', 'resources', 'images', 'replicas', 'patches']);
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'StorageClass',
  'PersistentVolume',
]);
/** Strategic-merge keys of the lists we patch (as in the Kubernetes API's patchMergeKey). */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  env: 'name',
  ports: 'containerPort',
};

export function readYamlDocuments(path: string): K8sObject[] {
  return parseAllDocuments(readFileSync(path, 'utf8'))
    .map((document) => {
      if (document.errors.length > 0) throw new Error(`${path}: ${document.errors[0]?.message}`);
      return document.toJSON() as K8sObject | null;
    })
    .filter((object): object is K8sObject => object !== null);
}

export const objectKey = (object: K8sObject): string => `${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name}`;

/**
 * Renders a kustomization directory like `kubectl kustomize` for the features used here:
 * resources (files and directories), namespace, images, replicas and strategic-merge patches.
 */
export function kustomize(directory: string): K8sObject[] {
  const file = join(directory, 'kustomization.yaml');
  const kustomization = readYamlDocuments(file)[0] as unknown as Kustomization;
  const unsupported = Object.keys(kustomization).filter((key) => !SUPPORTED.has(key));
  if (unsupported.length > 0) throw new Error(`${file}: the test renderer does not support ${unsupported.join(', ')}`);

  let objects: K8sObject[] = [];
  for (const resource of kustomization.resources ?? []) {
    const path = resolve(directory, resource);
    if (!existsSync(path)) throw new Error(`${file}: resource ${resource} does not exist`);
    objects.push(...(statSync(path).isDirectory() ? kustomize(path) : readYamlDocuments(path)));
  }
  objects = structuredClone(objects);

  for (const patchRef of kustomization.patches ?? []) {
    for (const patch of readYamlDocuments(resolve(directory, patchRef.path))) {
      const target = objects.find((object) => object.kind === patch.kind && object.metadata.name === patch.metadata.name);
      if (!target) throw new Error(`${patchRef.path}: no ${patch.kind} "${patch.metadata.name}" to patch`);
      const merged = strategicMerge(target, patch) as K8sObject;
      objects[objects.indexOf(target)] = merged;
    }
  }

  if (kustomization.namespace) {
    const namespace = kustomization.namespace;
    for (const object of objects) {
      if (object.kind === 'Namespace') object.metadata.name = namespace;
      else if (!CLUSTER_SCOPED.has(object.kind)) object.metadata.namespace = namespace;
    }
  }

  for (const image of kustomization.images ?? []) {
    for (const container of podContainers(objects)) {
      const { name, tag } = splitImage(container.image);
      if (name !== image.name) continue;
      const newName = image.newName ?? name;
      container.image = image.digest
        ? `${newName}@${image.digest}`
        : `${newName}${image.newTag ? `:${image.newTag}` : tag ? `:${tag}` : ''}`;
    }
  }

  for (const replica of kustomization.replicas ?? []) {
    const targets = objects.filter(
      (object) => ['Deployment', 'StatefulSet', 'ReplicaSet'].includes(object.kind) && object.metadata.name === replica.name,
    );
    if (targets.length === 0) throw new Error(`${file}: replicas for unknown workload ${replica.name}`);
    for (const target of targets) (target['spec'] as Record<string, unknown>)['replicas'] = replica.count;
  }
  return objects;
}

export interface Container {
  name: string;
  image: string;
  [key: string]: unknown;
}

export function podSpecOf(object: K8sObject): Record<string, unknown> | null {
  const spec = object['spec'] as Record<string, unknown> | undefined;
  const template = spec?.['template'] as { spec?: Record<string, unknown> } | undefined;
  return template?.spec ?? null;
}

export function podContainers(objects: K8sObject[]): Container[] {
  return objects.flatMap((object) => {
    const spec = podSpecOf(object);
    return spec ? [...((spec['containers'] as Container[]) ?? []), ...((spec['initContainers'] as Container[]) ?? [])] : [];
  });
}

/** `host:5000/a/b:1.2` → name `host:5000/a/b`, tag `1.2`. */
export function splitImage(image: string): { name: string; tag: string | null; digest: string | null } {
  const [withoutDigest = '', digest = null] = image.split('@');
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  if (colon > slash) return { name: withoutDigest.slice(0, colon), tag: withoutDigest.slice(colon + 1), digest };
  return { name: withoutDigest, tag: null, digest };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Strategic merge patch: maps merge, `null` deletes, keyed lists merge by their key, other lists are replaced. */
export function strategicMerge(target: unknown, patch: unknown, key?: string): unknown {
  if (isRecord(target) && isRecord(patch)) {
    const out: Record<string, unknown> = { ...target };
    for (const [name, value] of Object.entries(patch)) {
      if (value === null) delete out[name];
      else out[name] = name in target ? strategicMerge(target[name], value, name) : value;
    }
    return out;
  }
  const mergeKey = key ? MERGE_KEYS[key] : undefined;
  if (Array.isArray(target) && Array.isArray(patch) && mergeKey) {
    const out = [...target];
    for (const item of patch) {
      const index = out.findIndex((existing) => isRecord(existing) && isRecord(item) && existing[mergeKey] === item[mergeKey]);
      if (index >= 0) out[index] = strategicMerge(out[index], item);
      else out.push(item);
    }
    return out;
  }
  return patch;
}

export const kustomizationDir = (path: string): string => (path.endsWith('kustomization.yaml') ? dirname(path) : path);
