/**
 * Fault matrix: every Atlas call site of a clean deploy (Create, then an Update that changes the KMS key and
 * switches a cluster's provider) × every fault kind. Each cell runs a fresh simulated stack (its own Atlas
 * project) with the fault armed, and classifies the outcome:
 *
 * - C converged: both operations complete and Atlas holds the intended configuration;
 * - F failed clearly: the operation failed, CloudFormation got a FAILED response whose reason names the cause
 *   (the injected errorCode, the timeout, the reset or the malformed body), and the rollback completed;
 * - U unclear: failed, but the reason does not name the cause (or the rollback failed);
 * - H hung: a request ran past its timeout (framework "Operation timed out", Lambda "Task timed out") or the
 *   simulation itself did not finish (no response to CloudFormation);
 * - X half-configured: Atlas left in a state that breaks a cluster (an enabled provider that is not valid, or a
 *   cluster on a provider that is not enabled and valid).
 *
 * Prints the matrix and writes it to test/e2e/fault-matrix.md (quoted by the README).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FaultSpec } from '../support/atlas-emulator';
import { StackOperationResult } from '../support/cloudformation';
import { E2EWorld, logicalIdOf, newStack, secretValuesSeen, startWorld, withClusterSpec } from './support';

jest.setTimeout(300_000);

type Outcome = 'C' | 'F' | 'U' | 'H' | 'X' | '-';

interface FaultKind {
  readonly id: string;
  readonly label: string;
  /** The fault, once matched at a call site. */
  readonly spec: Omit<FaultSpec, 'path' | 'method'>;
  /** What a clear failure message must mention. */
  readonly cause: RegExp;
}

const FAULTS: readonly FaultKind[] = [
  {
    id: '429',
    label: '429 + Retry-After',
    spec: { times: 1, status: 429, retryAfterSeconds: 2 },
    cause: /RATE_LIMITED|429/,
  },
  { id: '500', label: '500', spec: { times: 1, status: 500 }, cause: /UNEXPECTED_ERROR|500/ },
  { id: '503', label: '503', spec: { times: 1, status: 503 }, cause: /SERVICE_UNAVAILABLE|503/ },
  // Longer than the client's 30 s per-attempt timeout (scaled); the emulator still applies the request after
  // the delay, as a real server would, so a timed-out write may have taken effect.
  { id: 'timeout', label: 'timeout', spec: { times: 1, delayMs: 2_000 }, cause: /REQUEST_TIMEOUT|timed? ?out/i },
  { id: 'reset', label: 'connection reset', spec: { times: 1, reset: true }, cause: /CONNECTION_ERROR|reset|socket/i },
  {
    id: 'malformed',
    label: 'malformed JSON',
    spec: { times: 1, malformedBody: true },
    cause: /MALFORMED_RESPONSE|not valid JSON/i,
  },
  {
    id: 'iam',
    label: 'IAM propagation ×3',
    spec: { times: 3, status: 400, errorCode: 'CANNOT_ASSUME_ROLE' },
    cause: /CANNOT_ASSUME_ROLE/,
  },
];

/** A call site: method + path template. */
interface CallSite {
  readonly method: string;
  readonly template: string;
}

/** `/api/atlas/v2/groups/<id>/clusters/orders` → `/groups/{groupId}/clusters/{clusterName}` (ids and names). */
function templateOf(path: string, projectId: string): string {
  return path
    .replace(/^\/api\/atlas\/v2/, '')
    .split(projectId)
    .join('{groupId}')
    .replace(/\/clusters\/[^/]+/, '/clusters/{clusterName}')
    .replace(/\/cloudProviderAccess\/(AWS|AZURE|GCP)\/[a-f0-9]{24}$/, '/cloudProviderAccess/$1/{roleId}')
    .replace(/\/cloudProviderAccess\/[a-f0-9]{24}$/, '/cloudProviderAccess/{roleId}')
    .replace(/\/alertConfigs\/[a-f0-9]{24}$/, '/alertConfigs/{alertConfigId}');
}

/** The fault's path pattern for one project. */
function pathPattern(site: CallSite, projectId: string): RegExp {
  const esc = site.template
    .split(/(\{[a-zA-Z]+\})/)
    .map((part) =>
      part === '{groupId}' ? projectId : /^\{.*\}$/.test(part) ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^/api/atlas/v2${esc}$`);
}

interface CellResult {
  readonly outcome: Outcome;
  readonly detail: string;
  readonly realMs: number;
}

describe('fault matrix: every Atlas call site × every fault kind', () => {
  let world: E2EWorld;
  let sites: CallSite[] = [];
  const results = new Map<string, CellResult>();
  const extraRows: Array<{ label: string; result: CellResult }> = [];
  const leaks: string[] = [];

  beforeAll(async () => {
    world = await startWorld('fault-matrix', { clusterCreateMs: 90_000, clusterUpdateMs: 60_000 });
  });
  afterAll(async () => world?.stop());

  /** Create, then Update (new KMS key + the AWS cluster switched to Azure); classify. */
  async function runCell(arm?: (projectId: string) => void): Promise<CellResult & { calls: CallSite[] }> {
    const r0 = performance.now();
    const stack = newStack(world, { realTimeoutMs: 30_000 });
    const { sim, projectId, template } = stack;
    const callsBefore = world.emu.state.calls.length;
    arm?.(projectId);
    const ops: StackOperationResult[] = [];
    let hung = '';
    try {
      ops.push(await sim.deploy(template));
      if (ops[0].status === 'CREATE_COMPLETE') {
        sim.setPhysicalId(logicalIdOf(template, 'AWS::KMS::Key'), '0b7f3a2e-5c4d-4e1f-9a8b-7c6d5e4f3a2b');
        const orders = logicalIdOf(template, 'Custom::AtlasEncryptedCluster', 'Orders');
        ops.push(await sim.deploy(withClusterSpec(template, orders, (s) => ({ ...s, encryptionProvider: 'AZURE' }))));
      }
    } catch (err) {
      hung = (err as Error).message;
    }
    world.emu.faults.clear();
    const calls = world.emu.state.calls
      .slice(callsBefore)
      .filter((c) => c.path.includes(projectId))
      .map((c) => ({ method: c.method, template: templateOf(c.path, projectId) }));
    for (const secret of secretValuesSeen) {
      for (const [what, text] of [
        ['logs', sim.logs.join('\n')],
        ['responses', JSON.stringify(sim.responses)],
        ['reasons', sim.requests.map((r) => r.reason ?? '').join('\n')],
      ]) {
        if (text.includes(secret)) leaks.push(`${projectId} ${what}`);
      }
    }
    const realMs = performance.now() - r0;
    const timedOut = sim.requests.find((r) => /Operation timed out|Task timed out/.test(r.reason ?? ''));
    if (hung || timedOut) return { outcome: 'H', detail: hung || timedOut!.reason!.split('\n')[0], realMs, calls };

    // Atlas must not be left in a state that breaks a cluster.
    const p = world.emu.state.project(projectId);
    const view = p.earView();
    const blocks = { AWS: view.awsKms, AZURE: view.azureKeyVault, GCP: view.googleCloudKms };
    const broken: string[] = [];
    for (const [provider, b] of Object.entries(blocks))
      if (b?.enabled && !b.valid) broken.push(`${provider} enabled but not valid`);
    for (const c of p.clusters.values()) {
      const provider = c.wire.encryptionAtRestProvider ?? 'NONE';
      if (provider !== 'NONE' && !p.isUsable(provider as 'AWS' | 'AZURE' | 'GCP')) {
        broken.push(`cluster ${c.wire.name} on ${provider}, which is not enabled and valid`);
      }
    }
    if (broken.length) return { outcome: 'X', detail: broken.join('; '), realMs, calls };

    const last = ops[ops.length - 1];
    if (ops.length === 2 && last.status === 'UPDATE_COMPLETE') {
      const ok =
        view.awsKms?.enabled &&
        view.awsKms.valid &&
        String(view.awsKms.customerMasterKeyID).endsWith('0b7f3a2e-5c4d-4e1f-9a8b-7c6d5e4f3a2b') &&
        view.azureKeyVault?.enabled &&
        view.azureKeyVault.valid &&
        p.clusters.get('orders')?.wire.encryptionAtRestProvider === 'AZURE' &&
        p.clusters.get('catalog')?.wire.encryptionAtRestProvider === 'AZURE';
      return ok
        ? { outcome: 'C', detail: '', realMs, calls }
        : { outcome: 'U', detail: 'completed, but Atlas does not hold the intended configuration', realMs, calls };
    }
    const failure = last.failure;
    const rolledBack = last.status === 'ROLLBACK_COMPLETE' || last.status === 'UPDATE_ROLLBACK_COMPLETE';
    return {
      outcome: failure && rolledBack ? 'F' : 'U',
      detail: `${last.status}: ${failure?.logicalId ?? ''} ${failure?.reason?.split('\n')[0] ?? ''}`,
      realMs,
      calls,
    };
  }

  test('a clean deploy converges; its calls define the call sites', async () => {
    const clean = await runCell();
    expect(clean.outcome).toBe('C');
    const seen = new Map<string, CallSite>();
    for (const c of clean.calls) seen.set(`${c.method} ${c.template}`, c);
    sites = [...seen.values()];
    expect(sites.length).toBeGreaterThan(8);
  });

  test('every cell converges or fails clearly: none hangs, none half-configured', async () => {
    for (const site of sites) {
      for (const kind of FAULTS) {
        const result = await runCell((projectId) => {
          world.emu.faults.add({ ...kind.spec, method: site.method, path: pathPattern(site, projectId) });
        });
        // A failure is clear only when its reason names the injected cause.
        const clear =
          result.outcome === 'F' && !kind.cause.test(result.detail) ? { ...result, outcome: 'U' as Outcome } : result;
        results.set(`${site.method} ${site.template}|${kind.id}`, clear);
      }
    }
    // IAM propagation through the emulator's own model (EAR PATCH and authorize), within and beyond the budget.
    for (const [label, n] of [
      ['IAM propagation: 4 CANNOT_ASSUME_ROLE (within the 180 s budget)', 4],
      ['IAM propagation: never ends (budget exhausted)', 10_000],
    ] as const) {
      const r = await runCell((projectId) => world.emu.state.iamPropagationFailures(projectId, n));
      const result = r.outcome === 'F' && !/CANNOT_ASSUME_ROLE/.test(r.detail) ? { ...r, outcome: 'U' as Outcome } : r;
      extraRows.push({ label, result });
    }

    const table = renderMatrix(sites, results, extraRows);
    console.log(table);
    writeFileSync(join(__dirname, 'fault-matrix.md'), table);

    const all = [...results.values(), ...extraRows.map((r) => r.result)];
    const bad = (o: Outcome) =>
      [...results.entries()].filter(([, r]) => r.outcome === o).map(([k, r]) => `${k}: ${r.detail}`);
    expect(bad('H')).toEqual([]);
    expect(bad('X')).toEqual([]);
    expect(bad('U')).toEqual([]);
    expect(extraRows.map((r) => `${r.label}: ${r.result.outcome}`)).toEqual([
      'IAM propagation: 4 CANNOT_ASSUME_ROLE (within the 180 s budget): C',
      'IAM propagation: never ends (budget exhausted): F',
    ]);
    expect(all.length).toBe(sites.length * FAULTS.length + 2);
    expect(leaks).toEqual([]);
  });
});

function renderMatrix(
  sites: readonly CallSite[],
  results: Map<string, CellResult>,
  extra: ReadonlyArray<{ label: string; result: CellResult }>,
): string {
  const all = [...results.values(), ...extra.map((e) => e.result)];
  const count = (o: Outcome) => all.filter((r) => r.outcome === o).length;
  const survived = count('C') + count('F');
  const lines = [
    '# Fault matrix (generated by test/e2e/fault-matrix.test.ts)',
    '',
    'Each cell is a fresh simulated CloudFormation deploy of `examples/cdk` (Create, then an Update that replaces',
    'the KMS key and switches the `orders` cluster from AWS to Azure) with one fault armed at one Atlas call site.',
    '`C` converged, `F` failed clearly (FAILED response naming the cause, rollback complete), `U` unclear failure,',
    '`H` hung (past a timeout, or no response), `X` half-configured (Atlas left in a state that breaks a cluster).',
    '',
    `Cells tried: **${all.length}**, survived (C or F): **${survived}**; C ${count('C')}, F ${count('F')}, ` +
      `U ${count('U')}, H ${count('H')}, X ${count('X')}.`,
    '',
    `| Call site | ${FAULTS.map((f) => f.label).join(' | ')} |`,
    `|---|${FAULTS.map(() => ':-:').join('|')}|`,
    ...sites.map(
      (s) =>
        `| \`${s.method} ${s.template}\` | ${FAULTS.map((f) => results.get(`${s.method} ${s.template}|${f.id}`)?.outcome ?? '-').join(' | ')} |`,
    ),
    '',
    '| Scenario | Outcome |',
    '|---|:-:|',
    ...extra.map((e) => `| ${e.label} | ${e.result.outcome} |`),
    '',
  ];
  // Stable text for the committed file: no per-run ids or timings.
  const norm = (t: string) =>
    t
      .replace(/e2e0[a-f0-9]{20}/g, '{groupId}')
      .replace(/\b[a-f0-9]{24}\b/g, '{id}')
      // Physical ids are unique per stack instance (test/support/cloudformation/physical-ids.ts).
      .replace(/(:role\/[A-Za-z0-9-]+)-[0-9A-F]{12}\b/g, '$1-{suffix}')
      .replace(/after \d+ attempts over \d+ s/g, 'after N attempts over N s');
  const failures = [...results.entries()].filter(([, r]) => r.outcome !== 'C');
  if (failures.length) {
    lines.push('Failures and their CloudFormation reason (first line):', '');
    for (const [k, r] of failures) lines.push(`- \`${k.replace('|', '` × ')}: ${r.outcome} — ${norm(r.detail)}`);
    for (const e of extra.filter((x) => x.result.outcome !== 'C'))
      lines.push(`- ${e.label}: ${e.result.outcome} — ${norm(e.result.detail)}`);
    lines.push('');
  }
  return lines.join('\n');
}
