import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { Container, K8sObject, kustomize, objectKey, podSpecOf, readYamlDocuments, splitImage } from './support/kustomize';
import { fromRoot } from './support/paths';

const K8S = fromRoot('k8s');
const KUBECTL = process.env['KUBECTL'] ?? '/usr/bin/kubectl';
const TARGETS = ['base', 'overlays/dev', 'overlays/prod'] as const;
const rendered: Record<(typeof TARGETS)[number], K8sObject[]> = {
  base: kustomize(join(K8S, 'base')),
  'overlays/dev': kustomize(join(K8S, 'overlays/dev')),
  'overlays/prod': kustomize(join(K8S, 'overlays/prod')),
};

/** Validates against the Kubernetes OpenAPI schema compiled into kubernetes-models (offline). */
function validate(object: K8sObject): void {
  // kubernetes-models/<group>/<version>/<Kind>, core group as kubernetes-models/v1/<Kind>.
  const module = require(`kubernetes-models/${object.apiVersion}/${object.kind}`) as Record<
    string,
    new (data: unknown) => { validate(): void }
  >;
  const Model = module[object.kind];
  if (!Model) throw new Error(`kubernetes-models has no ${object.apiVersion} ${object.kind}`);
  new Model(object).validate();
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? yamlFiles(path) : name.endsWith('.yaml') ? [path] : [];
  });
}

const find = (objects: K8sObject[], kind: string, name: string): K8sObject => {
  const found = objects.find((object) => object.kind === kind && object.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name}`);
  return found;
};
const spec = (object: K8sObject): Record<string, any> => object['spec'] as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- manifest JSON is untyped
const containersOf = (object: K8sObject): Container[] => (podSpecOf(object)?.['containers'] as Container[]) ?? [];
const podLabels = (object: K8sObject): Record<string, string> => spec(object)['template']['metadata']['labels'];
const matches = (selector: Record<string, string>, labels: Record<string, string>): boolean =>
  Object.keys(selector).length > 0 && Object.entries(selector).every(([key, value]) => labels[key] === value);

/** The app's probe paths, read from its health controller, and its PORT default. */
function appHealthPaths(): string[] {
  const source = readFileSync(fromRoot('apps/api/src/app/health/health.controller.ts'), 'utf8');
  const base = /@Controller\(\{ path: '([^']+)'/.exec(source)?.[1];
  return [...source.matchAll(/@Get\('([^']+)'\)/g)].map((match) => `/${base}/${match[1]}`);
}
function envSchemaKeys(): string[] {
  const source = readFileSync(fromRoot('apps/api/src/config/env.schema.ts'), 'utf8');
  const body = /export const envSchema = z\.object\(\{([\s\S]*?)\n\}\);/.exec(source)?.[1] ?? '';
  return [...body.matchAll(/^ {2}([A-Z][A-Z0-9_]+):/gm)].map((match) => match[1] ?? '');
}

describe('every manifest file', () => {
  it.each(yamlFiles(K8S).map((path) => [path.slice(K8S.length + 1), path]))('%s parses and validates', (_name, path) => {
    const documents = readYamlDocuments(path);
    expect(documents.length).toBeGreaterThan(0);
    for (const document of documents) {
      if (document.kind === 'Kustomization') continue;
      // Overlay patches are partial objects: they are validated after rendering below.
      if (path.includes('/overlays/')) continue;
      validate(document);
    }
  });
});

describe.each(TARGETS)('rendered %s', (target) => {
  const objects = rendered[target];

  it('matches `kubectl kustomize` when kubectl is installed', () => {
    const run = spawnSync(KUBECTL, ['kustomize', join(K8S, target)], { encoding: 'utf8' });
    if (run.error) return; // kubectl absent: the renderer above is the reference
    expect(run.status).toBe(0);
    const fromKubectl = new Map(
      run.stdout
        .split(/^---$/m)
        .filter((text) => text.trim() !== '')
        .map((text) => {
          const object = readYamlDocumentsFromText(text);
          return [objectKey(object), object] as const;
        }),
    );
    const ours = new Map(objects.map((object) => [objectKey(object), object] as const));
    expect([...ours.keys()].sort()).toEqual([...fromKubectl.keys()].sort());
    for (const [key, object] of ours) expect({ key, object }).toEqual({ key, object: fromKubectl.get(key) });
  });

  it('holds every object the deployment needs, each valid against the Kubernetes schema', () => {
    for (const object of objects) validate(object);
    const kinds = objects.map((object) => `${object.kind}/${object.metadata.name}`).sort();
    expect(kinds).toEqual(
      expect.arrayContaining([
        'ConfigMap/api-config',
        'Deployment/api',
        'Deployment/dashboard',
        'HorizontalPodAutoscaler/api',
        'Ingress/stress-monitoring',
        'Job/migrate',
        'NetworkPolicy/api-ingress',
        'NetworkPolicy/dashboard-ingress',
        'NetworkPolicy/default-deny-ingress',
        'PodDisruptionBudget/api',
        'PodDisruptionBudget/worker',
        'Deployment/worker',
        'Secret/api-secrets',
        'Service/api',
        'Service/dashboard',
      ]),
    );
    const namespace = objects.find((object) => object.kind === 'Namespace');
    expect(namespace).toBeDefined();
    for (const object of objects) if (object.kind !== 'Namespace') expect(object.metadata.namespace).toBe(namespace?.metadata.name);
  });

  it('wires selectors, labels, ports and references together', () => {
    for (const workload of objects.filter((object) => object.kind === 'Deployment')) {
      expect(matches(spec(workload)['selector']['matchLabels'], podLabels(workload))).toBe(true);
    }
    for (const service of objects.filter((object) => object.kind === 'Service')) {
      const backing = objects.filter((object) => object.kind === 'Deployment' && matches(spec(service)['selector'], podLabels(object)));
      expect(backing.map((object) => object.metadata.name)).toEqual([service.metadata.name]);
      const portNames = containersOf(backing[0] as K8sObject).flatMap((container) =>
        ((container['ports'] as Array<{ name: string }>) ?? []).map((port) => port.name),
      );
      for (const port of spec(service)['ports']) expect(portNames).toContain(port.targetPort);
    }
    for (const budget of objects.filter((object) => object.kind === 'PodDisruptionBudget')) {
      const covered = objects.filter(
        (object) => object.kind === 'Deployment' && matches(spec(budget)['selector']['matchLabels'], podLabels(object)),
      );
      expect(covered).toHaveLength(1);
    }
    const hpa = find(objects, 'HorizontalPodAutoscaler', 'api');
    expect(find(objects, spec(hpa)['scaleTargetRef']['kind'], spec(hpa)['scaleTargetRef']['name'])).toBeDefined();
    expect(spec(hpa)['minReplicas']).toBeLessThanOrEqual(spec(find(objects, 'Deployment', 'api'))['replicas']);
    for (const rule of spec(find(objects, 'Ingress', 'stress-monitoring'))['rules']) {
      for (const path of rule.http.paths) {
        const service = find(objects, 'Service', path.backend.service.name);
        expect(spec(service)['ports'].map((port: { name: string }) => port.name)).toContain(path.backend.service.port.name);
      }
    }
    for (const container of objects.flatMap(containersOf)) {
      for (const source of (container['envFrom'] as Array<Record<string, { name: string }>>) ?? []) {
        if (source['configMapRef']) expect(find(objects, 'ConfigMap', source['configMapRef'].name)).toBeDefined();
        if (source['secretRef']) expect(find(objects, 'Secret', source['secretRef'].name)).toBeDefined();
      }
    }
  });

  it('probes the paths and ports the API and the dashboard really serve', () => {
    const [live, ready] = ['/health/live', '/health/ready'];
    expect(appHealthPaths()).toEqual(expect.arrayContaining([live, ready]));
    const config = find(objects, 'ConfigMap', 'api-config')['data'] as Record<string, string>;
    const api = containersOf(find(objects, 'Deployment', 'api'))[0] as Container & Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const http = (api['ports'] as Array<{ name: string; containerPort: number }>).find((port) => port.name === 'http');
    expect(http?.containerPort).toBe(Number(config['PORT']));
    expect(api['startupProbe'].httpGet).toEqual({ path: live, port: 'http' });
    expect(api['livenessProbe'].httpGet).toEqual({ path: live, port: 'http' });
    expect(api['readinessProbe'].httpGet).toEqual({ path: ready, port: 'http' });
    // Readiness's own database check times out at 1.5 s: the probe must wait longer than that.
    expect(api['readinessProbe'].timeoutSeconds).toBeGreaterThanOrEqual(2);
    expect(api['livenessProbe'].failureThreshold * api['livenessProbe'].periodSeconds).toBeGreaterThanOrEqual(20);
    expect(api['startupProbe'].failureThreshold * api['startupProbe'].periodSeconds).toBeGreaterThanOrEqual(30);

    const nginxTemplate = readFileSync(fromRoot('docker/nginx/templates/default.conf.template'), 'utf8');
    const dashboard = containersOf(find(objects, 'Deployment', 'dashboard'))[0] as Container & Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(nginxTemplate).toMatch(new RegExp(`listen ${dashboard['ports'][0].containerPort};`));
    for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe']) {
      expect(nginxTemplate).toContain(`location = ${dashboard[probe].httpGet.path} {`);
    }
    const upstream = (dashboard['env'] as Array<{ name: string; value: string }>).find((item) => item.name === 'API_UPSTREAM')?.value;
    expect(upstream).toBe(`http://api:${spec(find(objects, 'Service', 'api'))['ports'][0].port}`);
  });

  it('runs every pod locked down: non-root, read-only root, no privilege escalation, no capabilities, seccomp, /tmp emptyDir, requests and limits', () => {
    for (const workload of objects.filter((object) => podSpecOf(object))) {
      const pod = podSpecOf(workload) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
      expect(pod['securityContext']).toEqual(expect.objectContaining({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } }));
      expect(pod['securityContext'].runAsUser).toBeGreaterThan(0);
      expect(pod['automountServiceAccountToken']).toBe(false);
      for (const container of containersOf(workload) as Array<Record<string, any>>) {
        // eslint-disable-line @typescript-eslint/no-explicit-any
        expect(container['securityContext']).toEqual({
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          runAsNonRoot: true,
          capabilities: { drop: ['ALL'] },
        });
        const tmp = container['volumeMounts'].find((mount: { mountPath: string }) => mount.mountPath === '/tmp');
        expect(pod['volumes'].find((volume: { name: string }) => volume.name === tmp?.name)?.emptyDir).toBeDefined();
        expect(Object.keys(container['resources'].requests).sort()).toEqual(['cpu', 'memory']);
        expect(Object.keys(container['resources'].limits).sort()).toEqual(['cpu', 'memory']);
      }
    }
  });

  it('drains the API before the grace period ends: preStop sleep + SHUTDOWN_TIMEOUT_MS < terminationGracePeriodSeconds', () => {
    const deployment = find(objects, 'Deployment', 'api');
    const pod = podSpecOf(deployment) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const api = containersOf(deployment)[0] as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const command = api['lifecycle'].preStop.exec.command as string[];
    expect(command[0]).toBe('sleep');
    const sleepSeconds = Number(command[1]);
    expect(sleepSeconds).toBeGreaterThanOrEqual(5);
    const config = find(objects, 'ConfigMap', 'api-config')['data'] as Record<string, string>;
    const drainSeconds = Number(config['SHUTDOWN_TIMEOUT_MS']) / 1000;
    expect(pod['terminationGracePeriodSeconds']).toBeGreaterThan(sleepSeconds + drainSeconds);
    expect(spec(deployment)['strategy'].rollingUpdate.maxUnavailable).toBe(0);
  });

  it('runs requests and window computations in separate Deployments of the same image', () => {
    const api = containersOf(find(objects, 'Deployment', 'api'))[0] as Container & Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const worker = containersOf(find(objects, 'Deployment', 'worker'))[0] as Container & Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(worker.image).toBe(api.image);
    expect(api['env']).toEqual([{ name: 'PROCESS_ROLES', value: 'api' }]);
    expect(worker['env']).toEqual([{ name: 'PROCESS_ROLES', value: 'worker' }]);
    expect(worker['envFrom']).toEqual(api['envFrom']);
    expect(worker['livenessProbe'].httpGet.path).toBe('/health/live');
    expect(worker['readinessProbe'].httpGet.path).toBe('/health/ready');
    expect(Object.keys(worker['resources'].limits).sort()).toEqual(['cpu', 'memory']);
  });

  it('migrates with the API image and the `migrate` command', () => {
    const job = find(objects, 'Job', 'migrate');
    const container = containersOf(job)[0] as Container & { command: string[] };
    expect(container.command).toEqual(['node', 'dist/apps/api/main.js', 'migrate']);
    expect(container.image).toBe(containersOf(find(objects, 'Deployment', 'api'))[0]?.image);
    expect(podSpecOf(job)?.['restartPolicy']).toBe('OnFailure');
  });

  it('configures only variables the API knows, and the Secret template holds placeholders only', () => {
    const known = new Set([...envSchemaKeys(), 'NODE_OPTIONS']);
    const config = find(objects, 'ConfigMap', 'api-config')['data'] as Record<string, string>;
    const secret = find(objects, 'Secret', 'api-secrets')['stringData'] as Record<string, string>;
    for (const name of [...Object.keys(config), ...Object.keys(secret)])
      expect({ name, known: known.has(name) }).toEqual({ name, known: true });
    expect(config['NODE_ENV']).toBe('production');
    expect(Object.keys(secret)).toEqual(expect.arrayContaining(['DATABASE_URL', 'ADMIN_API_KEY', 'REDIS_URL']));
    for (const [name, value] of Object.entries(secret))
      expect({ name, placeholder: value === '' || value.startsWith('<replace') }).toEqual({ name, placeholder: true });
    expect(find(objects, 'Secret', 'api-secrets')['data']).toBeUndefined();
  });

  it('gives the dashboard the API’s single-sign-on settings (for its config.json) from the API’s ConfigMap', () => {
    const config = find(objects, 'ConfigMap', 'api-config')['data'] as Record<string, string>;
    const dashboard = containersOf(find(objects, 'Deployment', 'dashboard'))[0] as Container & Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const env = (dashboard['env'] as Array<{ name: string; valueFrom?: { configMapKeyRef?: { name: string; key: string } } }>) ?? [];
    for (const name of ['OIDC_ISSUER_URL', 'OIDC_PROVIDER_NAME', 'AUTH_API_KEY_SIGNIN']) {
      const entry = env.find((candidate) => candidate.name === name);
      expect({ name, from: entry?.valueFrom?.configMapKeyRef }).toEqual({
        name,
        from: expect.objectContaining({ name: 'api-config', key: name }),
      });
      expect(Object.keys(config)).toContain(name);
    }
    // Only those: the dashboard never sees the API's secrets.
    expect(dashboard['envFrom']).toBeUndefined();
  });

  it('lets only the dashboard and the ingress controller reach the API, and only the ingress controller reach the dashboard', () => {
    const policies = objects.filter((object) => object.kind === 'NetworkPolicy');
    const denyAll = find(policies, 'NetworkPolicy', 'default-deny-ingress');
    expect(spec(denyAll)).toEqual({ podSelector: {}, policyTypes: ['Ingress'] });
    const apiLabels = podLabels(find(objects, 'Deployment', 'api'));
    const dashboardLabels = podLabels(find(objects, 'Deployment', 'dashboard'));
    const sourcesFor = (labels: Record<string, string>) =>
      policies
        .filter((policy) => spec(policy)['ingress'] && matches(spec(policy)['podSelector'].matchLabels ?? {}, labels))
        .flatMap((policy) => spec(policy)['ingress'].flatMap((rule: { from: unknown[] }) => rule.from));
    expect(sourcesFor(apiLabels)).toEqual([
      { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'stress-monitoring', 'app.kubernetes.io/component': 'dashboard' } } },
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } },
    ]);
    expect(
      matches(
        (sourcesFor(apiLabels)[0] as { podSelector: { matchLabels: Record<string, string> } }).podSelector.matchLabels,
        dashboardLabels,
      ),
    ).toBe(true);
    expect(sourcesFor(dashboardLabels)).toEqual([
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } },
    ]);
  });

  it('terminates TLS at the ingress', () => {
    const ingress = spec(find(objects, 'Ingress', 'stress-monitoring'));
    const hosts = ingress['rules'].map((rule: { host: string }) => rule.host);
    expect(ingress['tls']).toEqual([{ hosts, secretName: expect.stringMatching(/tls$/) }]);
  });
});

describe('overlays', () => {
  const prod = rendered['overlays/prod'];
  const dev = rendered['overlays/dev'];
  const base = rendered.base;

  it('prod pins every image to a release tag (never latest) and runs more, bigger replicas than base', () => {
    for (const container of prod.flatMap(containersOf)) {
      const { tag, digest } = splitImage(container.image);
      expect(digest ?? tag).toBeTruthy();
      if (!digest) expect(tag).toMatch(/^\d+\.\d+\.\d+$/);
      expect(container.image).not.toMatch(/latest/);
    }
    const replicas = (objects: K8sObject[], name: string): number => spec(find(objects, 'Deployment', name))['replicas'];
    expect(replicas(prod, 'api')).toBeGreaterThan(replicas(base, 'api'));
    expect(replicas(prod, 'api')).toBeGreaterThanOrEqual(3);
    expect(spec(find(prod, 'HorizontalPodAutoscaler', 'api'))['minReplicas']).toBeGreaterThanOrEqual(3);
    const memory = (objects: K8sObject[]): string =>
      (containersOf(find(objects, 'Deployment', 'api'))[0] as Record<string, any>)['resources'].limits.memory; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(parseQuantity(memory(prod))).toBeGreaterThan(parseQuantity(memory(base)));
  });

  it('dev runs one replica of each in its own namespace with its own host', () => {
    expect(spec(find(dev, 'Deployment', 'api'))['replicas']).toBe(1);
    expect(spec(find(dev, 'Deployment', 'dashboard'))['replicas']).toBe(1);
    expect(find(dev, 'Namespace', 'stress-monitoring-dev')).toBeDefined();
    const devHosts = spec(find(dev, 'Ingress', 'stress-monitoring'))['rules'].map((rule: { host: string }) => rule.host);
    const prodHosts = spec(find(prod, 'Ingress', 'stress-monitoring'))['rules'].map((rule: { host: string }) => rule.host);
    expect(devHosts).not.toEqual(prodHosts);
  });
});

function parseQuantity(value: string): number {
  const match = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi)?$/.exec(value);
  const factor = { Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3 }[match?.[2] ?? ''] ?? 1;
  return Number(match?.[1]) * factor;
}

function readYamlDocumentsFromText(text: string): K8sObject {
  return parse(text) as K8sObject;
}
