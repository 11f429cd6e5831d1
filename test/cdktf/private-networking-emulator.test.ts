/**
 * The Terraform engine's private-networking graph against the emulated Atlas: the synthesized resources are
 * applied in the order their `depends_on` and references give (as Terraform walks the graph), and destroyed in the
 * reverse order, each as the provider's Atlas call. Atlas's own ordering rules (endpoints only after
 * `requirePrivateNetworking`, clusters only with ACTIVE endpoints in their regions, no disabling while endpoints
 * exist) then accept the synthesized order and refuse the orders that ignore it. The cluster's precondition on its
 * endpoints is evaluated as Terraform would, so the Azure story stops at the approval and a second apply completes.
 */
import type { ClusterWire } from '../../lib/core/atlas/wire';
import { TerraformVariable } from 'cdktf';
import { AtlasProjectEncryption, AzureKeyVaultConfiguration, CloudProvider } from 'atlas-encryption-at-rest/cdktf';
import { AtlasHttpError, EmulatorState, INSTANT_DURATIONS, type ProjectState } from '../support/atlas-emulator';
import { CLIENT_ID, cluster, KEY_ID, PROJECT_ID, SUBSCRIPTION_ID, TENANT_ID } from './fixtures';
import { synth, SynthJson } from './helpers';

const ENDPOINT = 'mongodbatlas_encryption_at_rest_private_endpoint';

interface Res {
  readonly address: string;
  readonly type: string;
  readonly body: Record<string, unknown>;
}

/** Every resource of the synthesized JSON. */
function resourcesIn(json: SynthJson): Res[] {
  return Object.entries(json.resource ?? {}).flatMap(([type, byId]) =>
    Object.entries(byId).map(([id, body]) => ({ address: `${type}.${id}`, type, body })),
  );
}

/** What a resource waits for: its `depends_on` and every resource its values reference. */
function dependenciesOf(r: Res, all: readonly Res[]): string[] {
  const text = JSON.stringify({ ...r.body, depends_on: undefined });
  const referenced = all.filter((o) => o !== r && text.includes(`${o.address}.`)).map((o) => o.address);
  return [...new Set([...((r.body.depends_on as string[] | undefined) ?? []), ...referenced])];
}

/** Terraform's create order: a resource after everything it depends on (stable otherwise). */
function applyOrder(all: readonly Res[]): Res[] {
  const done = new Set<string>();
  const out: Res[] = [];
  while (out.length < all.length) {
    const next = all.find((r) => !done.has(r.address) && dependenciesOf(r, all).every((d) => done.has(d)));
    if (!next) throw new Error('dependency cycle');
    done.add(next.address);
    out.push(next);
  }
  return out;
}

/** The emulated Atlas and the provider's view of what it created. */
class World {
  public readonly atlas = new EmulatorState(() => Date.now(), INSTANT_DURATIONS, false);
  public readonly project: ProjectState = this.atlas.project(PROJECT_ID);
  /** Resource address → Atlas id (endpoint id, cluster name): Terraform's state. */
  public readonly state = new Map<string, string>();

  /**
   * One `apply`: creates what is not in state yet. Like Terraform, a failing precondition or Atlas error stops that
   * resource and its dependents only; the other branches go on. Returns the failures, or `['applied']`. An explicit
   * `order` stands for a graph without the synthesized edges: each resource is then tried in that order.
   */
  public apply(json: SynthJson, explicitOrder?: Res[]): string[] {
    const all = resourcesIn(json);
    const order = explicitOrder ?? applyOrder(all);
    const failed = new Set<string>();
    const failures: string[] = [];
    for (const r of order) {
      if (this.state.has(r.address)) continue;
      if (!explicitOrder && dependenciesOf(r, all).some((d) => failed.has(d) || !this.state.has(d))) {
        failed.add(r.address);
        continue;
      }
      const stop = this.preconditionFailure(r);
      if (stop) {
        failed.add(r.address);
        failures.push(`stopped at ${r.address}: ${stop}`);
        continue;
      }
      try {
        this.state.set(r.address, this.create(r));
      } catch (err) {
        if (!(err instanceof AtlasHttpError)) throw err;
        failed.add(r.address);
        failures.push(`refused by Atlas at ${r.address} (${err.errorCode})`);
        continue;
      }
      this.atlas.settle(); // the provider waits for each resource's transition to end
    }
    return failures.length > 0 ? failures : ['applied'];
  }

  /** One `destroy`: everything in state, in reverse create order. */
  public destroy(json: SynthJson, order = applyOrder(resourcesIn(json)).reverse()): string {
    for (const r of order) {
      const id = this.state.get(r.address);
      if (id === undefined) continue;
      try {
        this.remove(r, id);
      } catch (err) {
        if (err instanceof AtlasHttpError) return `refused by Atlas at ${r.address} (${err.errorCode})`;
        throw err;
      }
      this.state.delete(r.address);
      this.atlas.settle();
    }
    return 'destroyed';
  }

  /** The synthesized endpoint preconditions, evaluated on Atlas's current status as Terraform's refresh sees it. */
  private preconditionFailure(r: Res): string | undefined {
    const pre = ((r.body.lifecycle as Record<string, unknown> | undefined)?.precondition ?? []) as Array<{
      condition: string;
      error_message: string;
    }>;
    for (const p of pre) {
      const m = /^\$\{\((mongodbatlas_encryption_at_rest_private_endpoint\.[^.]+)\.status == "ACTIVE"\)\}$/.exec(
        p.condition,
      );
      if (!m) continue;
      const e = this.endpoint(m[1]);
      if (e.status !== 'ACTIVE') {
        return p.error_message
          .replace(`\${${m[1]}.status}`, e.status)
          .replace(
            `\${coalesce(${m[1]}.private_endpoint_connection_name, "none reported")}`,
            e.privateEndpointConnectionName ?? 'none reported',
          );
      }
    }
    return undefined;
  }

  public endpoint(address: string) {
    return this.project.family.privateEndpoints.get(
      address.includes('Azure') ? 'AZURE' : 'AWS',
      this.state.get(address) as string,
    );
  }

  private create(r: Res): string {
    const b = r.body;
    switch (r.type) {
      case 'mongodbatlas_encryption_at_rest': {
        const az = (b.azure_key_vault_config as Array<Record<string, unknown>>)[0];
        this.project.family.encryptionAtRest.patch({
          azureKeyVault: {
            enabled: az.enabled,
            azureEnvironment: az.azure_environment,
            tenantID: az.tenant_id,
            subscriptionID: az.subscription_id,
            resourceGroupName: az.resource_group_name,
            keyVaultName: az.key_vault_name,
            keyIdentifier: az.key_identifier,
            clientID: az.client_id,
            secret: 'value-of-the-variable',
            requirePrivateNetworking: az.require_private_networking,
          },
        });
        return PROJECT_ID;
      }
      case ENDPOINT:
        return this.project.family.privateEndpoints.create(b.cloud_provider as string, { regionName: b.region_name })
          .id as string;
      case 'mongodbatlas_advanced_cluster':
        this.project.family.clusters.create(clusterWire(b));
        return b.name as string;
      default:
        return r.address; // nothing Atlas sees (variables, outputs)
    }
  }

  private remove(r: Res, id: string): void {
    switch (r.type) {
      case 'mongodbatlas_encryption_at_rest':
        this.project.family.encryptionAtRest.patch({ azureKeyVault: { enabled: false } });
        return;
      case ENDPOINT:
        this.project.family.privateEndpoints.requestDeletion(r.body.cloud_provider as string, id);
        return;
      case 'mongodbatlas_advanced_cluster':
        this.project.family.clusters.delete(id, true);
        return;
      default:
        return;
    }
  }
}

interface TfRegionConfig {
  provider_name: string;
  region_name: string;
  priority: number;
  electable_specs: { instance_size: string; node_count: number };
}

/** The synthesized cluster as the Atlas body the provider sends. */
function clusterWire(b: Record<string, unknown>): ClusterWire {
  const specs = b.replication_specs as Array<{ region_configs: TfRegionConfig[] }>;
  return {
    name: b.name as string,
    clusterType: b.cluster_type as string,
    encryptionAtRestProvider: b.encryption_at_rest_provider as string,
    backupEnabled: b.backup_enabled as boolean,
    replicationSpecs: specs.map((rs) => ({
      regionConfigs: rs.region_configs.map((rc) => ({
        providerName: rc.provider_name,
        regionName: rc.region_name,
        priority: rc.priority,
        electableSpecs: { instanceSize: rc.electable_specs.instance_size, nodeCount: rc.electable_specs.node_count },
      })),
    })),
  } as ClusterWire;
}

/** Azure Key Vault by reference with private networking; clusters in EUROPE_WEST and (unless `westOnly`) EUROPE_NORTH. */
function azureApp(westOnly = false): SynthJson {
  return synth((scope) => {
    const e = new AtlasProjectEncryption(scope, 'Encryption', {
      projectId: PROJECT_ID,
      azureKeyVault: AzureKeyVaultConfiguration.fromAttributes({
        tenantId: TENANT_ID,
        subscriptionId: SUBSCRIPTION_ID,
        resourceGroupName: 'rg-atlas',
        keyVaultName: 'ear-vault',
        keyIdentifier: KEY_ID,
        clientId: CLIENT_ID,
        clientSecret: new TerraformVariable(scope, 'azure_client_secret', { type: 'string', sensitive: true })
          .stringValue,
        clientSecretExpiresAt: new Date(Date.now() + 200 * 86_400_000).toISOString(),
        requirePrivateNetworking: true,
      }),
    });
    cluster(scope, e, { clusterName: 'orders' }, 'Orders');
    if (westOnly) return;
    cluster(
      scope,
      e,
      {
        clusterName: 'reports',
        regions: [{ cloud: CloudProvider.AZURE, regionName: 'EUROPE_NORTH', instanceSize: 'M10' }],
      },
      'Reports',
    );
  });
}

describe('Azure private networking, synthesized graph against the emulated Atlas', () => {
  const json = azureApp();

  test('first apply stops at the approval; after it, the second apply creates the clusters; destroy reverses', () => {
    const w = new World();
    const first = w.apply(json);
    expect(first).toHaveLength(2);
    for (const f of first)
      expect(f).toMatch(
        /^stopped at mongodbatlas_advanced_cluster\.\S+: Cluster (orders|reports): the Azure Key Vault private endpoint in EUROPE_(WEST|NORTH) is PENDING_ACCEPTANCE, not ACTIVE: approve private endpoint connection atlas-ear-pe-\S+ on Key Vault ear-vault \(resource group rg-atlas\)/,
      );
    expect(w.project.family.privateEndpoints.records.map((e) => [e.regionName, e.status]).sort()).toEqual([
      ['EUROPE_NORTH', 'PENDING_ACCEPTANCE'],
      ['EUROPE_WEST', 'PENDING_ACCEPTANCE'],
    ]);
    expect(w.project.clusters.size).toBe(0);

    // The vault owner approves each connection; the next apply goes through.
    for (const e of w.project.family.privateEndpoints.records) w.project.approvePrivateEndpoint(e.id);
    expect(w.apply(json)).toEqual(['applied']);
    expect([...w.project.clusters.keys()].sort()).toEqual(['orders', 'reports']);

    expect(w.destroy(json)).toBe('destroyed');
    expect(w.project.clusters.size).toBe(0);
    expect(w.project.family.privateEndpoints.records).toEqual([]);
    expect(w.project.ear.azureKeyVault.enabled).toBe(false);
  });

  test('a cluster in a new region: its endpoint first, the existing cluster untouched', () => {
    const w = new World();
    const approveAll = () => {
      for (const e of w.project.family.privateEndpoints.records) {
        if (e.status === 'PENDING_ACCEPTANCE') w.project.approvePrivateEndpoint(e.id);
      }
    };
    w.apply(azureApp(true));
    approveAll();
    expect(w.apply(azureApp(true))).toEqual(['applied']);
    expect(w.project.family.privateEndpoints.records.map((e) => e.regionName)).toEqual(['EUROPE_WEST']);

    const added = w.apply(json);
    expect(added).toEqual([
      expect.stringMatching(/^stopped at \S+: Cluster reports: .* in EUROPE_NORTH is PENDING_ACCEPTANCE/),
    ]);
    expect([...w.project.clusters.keys()]).toEqual(['orders']);
    approveAll();
    expect(w.apply(json)).toEqual(['applied']);
    expect([...w.project.clusters.keys()].sort()).toEqual(['orders', 'reports']);
  });

  test('orders that ignore the synthesized dependencies are refused by Atlas', () => {
    const all = resourcesIn(json);
    const byType = (t: string) => all.filter((r) => r.type === t);
    const ear = byType('mongodbatlas_encryption_at_rest');
    const endpoints = byType(ENDPOINT);
    const clusters = byType('mongodbatlas_advanced_cluster');
    // Endpoints before the setting that turns private networking on.
    expect(new World().apply(json, [...endpoints, ...ear])).toEqual(
      endpoints.map((e) => `refused by Atlas at ${e.address} (ENCRYPTION_AT_REST_PRIVATE_NETWORKING_NOT_ENABLED)`),
    );
    // Clusters before their endpoints (the precondition stripped, as a graph without it would run).
    const bare = clusters.map((c) => ({ ...c, body: { ...c.body, lifecycle: {} } }));
    expect(new World().apply(json, [...ear, ...bare])).toEqual(
      bare.map((c) => `refused by Atlas at ${c.address} (ENCRYPTION_AT_REST_PRIVATE_ENDPOINT_NOT_ACTIVE)`),
    );
    // Disabling the setting before the endpoints are gone.
    const w = new World();
    w.apply(json);
    for (const e of w.project.family.privateEndpoints.records) w.project.approvePrivateEndpoint(e.id);
    w.apply(json);
    expect(w.destroy(json, [...clusters, ...ear, ...endpoints])).toMatch(
      /refused by Atlas at mongodbatlas_encryption_at_rest\.\S+ \(CANNOT_DISABLE_ENCRYPTION_AT_REST_DUE_TO_PRIVATE_ENDPOINTS\)/,
    );
  });
});
