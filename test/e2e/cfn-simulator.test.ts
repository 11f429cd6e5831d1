/**
 * The CloudFormation + Provider-framework simulator itself (test/support/cloudformation), each behaviour against a
 * tiny fake handler in a hand-written cloud assembly, so that a regression in the double is caught here and not
 * mistaken for a handler bug (or hidden as a pass).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as cr from 'aws-cdk-lib/custom-resources';
import {
  CfnSimulator,
  CfnTemplate,
  CREATE_FAILED_PHYSICAL_ID_MARKER,
  InvokeResult,
  MAX_RESPONSE_BYTES,
  readResponse,
  runProviderFramework,
  TIMEOUT_REASON,
  TOO_LONG_REASON,
  VirtualClock,
  waiterPolicyOf,
} from '../support/cloudformation';

jest.setTimeout(60_000);

// ------------------------------------------------------------------ the fake handler and its assembly

/** What the fake handler saw, across every simulator of this file. */
interface FakeCall {
  type: 'Create' | 'Update' | 'Delete';
  id: string;
  poll: boolean;
  physicalId?: string;
  props: Record<string, unknown>;
  old?: Record<string, unknown>;
  at: number;
}
const calls = (): FakeCall[] => ((globalThis as Record<string, unknown>).__cfnFakeCalls ??= []) as FakeCall[];

/**
 * onEvent answers `{PhysicalResourceId, Data: {Poll, Started, ...}}`; isComplete (told by `Data.Poll`) completes
 * after `waitMs` (for the request types in `waitOn`, default all). `Behave` (JSON in the properties) scripts failures, replacement and sizes.
 */
const FAKE_HANDLER = `
const calls = (globalThis.__cfnFakeCalls ??= []);
exports.handler = async (event) => {
  const b = JSON.parse((event.ResourceProperties || {}).Behave || '{}');
  const poll = !!(event.Data && event.Data.Poll === '1');
  calls.push({ type: event.RequestType, id: event.LogicalResourceId, poll, physicalId: event.PhysicalResourceId,
    props: event.ResourceProperties, old: event.OldResourceProperties, at: Date.now() });
  if (!poll) {
    if ((b.failOn || []).includes(event.RequestType)) throw new Error(b.message || (event.LogicalResourceId + ' ' + event.RequestType + ' failed'));
    const pid = event.RequestType === 'Create' ? event.LogicalResourceId + '-' + (b.gen || 1)
      : event.RequestType === 'Update' && b.replace ? event.PhysicalResourceId + '-r' : event.PhysicalResourceId;
    return { PhysicalResourceId: pid, Data: { Poll: '1', Started: String(Date.now()), ...(b.onEventData || {}) } };
  }
  const waits = !b.waitOn || b.waitOn.includes(event.RequestType);
  if (waits && Date.now() - Number(event.Data.Started) < (b.waitMs || 0)) return { IsComplete: false };
  if ((b.failPoll || []).includes(event.RequestType)) throw new Error(event.LogicalResourceId + ' poll failed');
  return { IsComplete: true, Data: { Done: event.RequestType, ...(b.pad ? { Pad: 'x'.repeat(b.pad) } : {}) } };
};
`;

interface FakeResource {
  readonly behave?: object;
  readonly dependsOn?: string[];
  readonly deletionPolicy?: string;
  readonly updateReplacePolicy?: string;
  readonly serviceTimeout?: number;
}

const WAITER = { IntervalSeconds: 30, MaxAttempts: 4, BackoffRate: 1.5 };

let assemblySeq = 0;
/** A cloud assembly with the fake handler behind a Provider (onEvent + isComplete + waiter) and `resources`. */
function assembly(resources: Record<string, FakeResource>): { cdkOut: string; template: CfnTemplate } {
  const cdkOut = mkdtempSync(join(tmpdir(), `cfn-sim-${++assemblySeq}-`));
  mkdirSync(join(cdkOut, 'asset.fake'));
  writeFileSync(join(cdkOut, 'asset.fake', 'index.js'), FAKE_HANDLER);
  const handlerArn = { 'Fn::GetAtt': ['Handler', 'Arn'] };
  const template: CfnTemplate = {
    Resources: {
      Key: { Type: 'AWS::KMS::Key', Properties: {} },
      Role: { Type: 'AWS::IAM::Role', Properties: {} },
      Handler: {
        Type: 'AWS::Lambda::Function',
        Properties: { Handler: 'index.handler', Timeout: 60 },
        Metadata: { 'aws:asset:path': 'asset.fake' },
      },
      OnEvent: {
        Type: 'AWS::Lambda::Function',
        Properties: {
          Handler: 'framework.onEvent',
          Timeout: 900,
          Environment: {
            Variables: { USER_ON_EVENT_FUNCTION_ARN: handlerArn, USER_IS_COMPLETE_FUNCTION_ARN: handlerArn },
          },
        },
      },
      Waiter: {
        Type: 'AWS::StepFunctions::StateMachine',
        Properties: {
          DefinitionString: JSON.stringify({
            StartAt: 'framework-isComplete-task',
            States: {
              'framework-isComplete-task': { End: true, Retry: [{ ErrorEquals: ['States.ALL'], ...WAITER }] },
            },
          }),
        },
      },
      ...Object.fromEntries(
        Object.entries(resources).map(([id, r]) => [
          id,
          {
            Type: 'Custom::Fake',
            Properties: {
              ServiceToken: { 'Fn::GetAtt': ['OnEvent', 'Arn'] },
              KeyArn: { 'Fn::GetAtt': ['Key', 'Arn'] },
              RoleArn: { 'Fn::GetAtt': ['Role', 'Arn'] },
              Behave: JSON.stringify(r.behave ?? {}),
              ...(r.serviceTimeout !== undefined ? { ServiceTimeout: r.serviceTimeout } : {}),
            },
            ...(r.dependsOn ? { DependsOn: r.dependsOn } : {}),
            ...(r.deletionPolicy ? { DeletionPolicy: r.deletionPolicy } : {}),
            ...(r.updateReplacePolicy ? { UpdateReplacePolicy: r.updateReplacePolicy } : {}),
          },
        ]),
      ),
    },
  };
  writeFileSync(join(cdkOut, 'Fake.template.json'), JSON.stringify(template));
  return { cdkOut, template };
}

/** A simulator on its own clock, and the calls its handler received from here on. */
function simulator(resources: Record<string, FakeResource>) {
  const { cdkOut, template } = assembly(resources);
  const sim = new CfnSimulator({ cdkOut, stackName: 'Fake', clock: new VirtualClock(0.001) });
  const from = calls().length;
  const seen = () =>
    calls()
      .slice(from)
      .filter((c) => !c.poll);
  return { sim, template, seen };
}

/** A copy of `template` with one resource's Behave (and policies) replaced. */
function edit(template: CfnTemplate, changes: Record<string, FakeResource | null>): CfnTemplate {
  const copy = JSON.parse(JSON.stringify(template)) as CfnTemplate;
  const res = copy.Resources as Record<string, unknown>;
  for (const [id, r] of Object.entries(changes)) {
    if (r === null) {
      delete res[id];
      continue;
    }
    const first = Object.keys(template.Resources).find((k) => template.Resources[k].Type === 'Custom::Fake')!;
    const fresh = {
      ...JSON.parse(JSON.stringify(template.Resources[first])),
      DependsOn: undefined,
      DeletionPolicy: undefined,
    };
    const base = (res[id] ?? fresh) as {
      Properties: Record<string, unknown>;
      DependsOn?: string[];
      DeletionPolicy?: string;
    };
    base.Properties = { ...base.Properties, Behave: JSON.stringify(r.behave ?? {}) };
    if (r.dependsOn) base.DependsOn = r.dependsOn;
    if (r.deletionPolicy) base.DeletionPolicy = r.deletionPolicy;
    res[id] = base;
  }
  return copy;
}

const line = (c: FakeCall) => `${c.type} ${c.id}${c.physicalId ? ` ${c.physicalId}` : ''}`;

// ------------------------------------------------------------------ the Provider framework driver

describe('Provider framework driver (aws-cdk-lib 2.276 runtime/framework.js)', () => {
  const request = (type: 'Create' | 'Update' | 'Delete', physicalId?: string) => ({
    RequestType: type,
    RequestId: 'req-1',
    StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/s/1',
    LogicalResourceId: 'R',
    ResponseURL: 'https://example.invalid/r',
    ResourceProperties: { ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:fw' },
    ...(physicalId ? { PhysicalResourceId: physicalId } : {}),
  });
  const ok = (v: unknown): InvokeResult => ({ Payload: JSON.stringify(v) });
  const provider = {
    onEventArn: 'arn:aws:lambda:us-east-1:123456789012:function:user-on-event',
    isCompleteArn: 'arn:aws:lambda:us-east-1:123456789012:function:user-is-complete',
    waiter: { intervalSeconds: 30, maxAttempts: 3, backoffRate: 2 },
  };

  test('waiter: isComplete at once, then after IntervalSeconds × BackoffRate^n, MaxAttempts retries, then FAILED "Operation timed out" echoing onEvent', async () => {
    const sleeps: number[] = [];
    const out = await runProviderFramework(request('Create'), provider, {
      invoke: async (arn) =>
        arn === provider.onEventArn ? ok({ PhysicalResourceId: 'p-1', Data: { A: '1' } }) : ok({ IsComplete: false }),
      sleep: async (ms) => void sleeps.push(ms),
    });
    expect(sleeps).toEqual([30_000, 60_000, 120_000]);
    expect(out.polls).toBe(4);
    expect(out.body).toEqual({
      Status: 'FAILED',
      Reason: 'Operation timed out',
      StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/s/1',
      RequestId: 'req-1',
      PhysicalResourceId: 'p-1',
      LogicalResourceId: 'R',
      Data: { A: '1' },
    });
  });

  test('isComplete Data merges over onEvent Data: {...onEvent.Data, ...isComplete.Data}', async () => {
    const out = await runProviderFramework(request('Create'), provider, {
      invoke: async (arn) =>
        arn === provider.onEventArn
          ? ok({ PhysicalResourceId: 'p-1', Data: { A: 'onEvent', B: 'onEvent' } })
          : ok({ IsComplete: true, Data: { B: 'isComplete', C: 'isComplete' } }),
      sleep: async () => undefined,
    });
    expect(out.body).toMatchObject({ Status: 'SUCCESS', Reason: 'SUCCESS', PhysicalResourceId: 'p-1' });
    expect(out.body.Data).toEqual({ A: 'onEvent', B: 'isComplete', C: 'isComplete' });
  });

  test('a failed Create answers FAILED with the CREATE_FAILED marker and Reason = message + Logs trailer + the function trace', async () => {
    const trace = ['Error: boom', '    at handler (/var/task/index.js:1:2)', '    at run (/var/task/index.js:3:4)'];
    const out = await runProviderFramework(request('Create'), provider, {
      invoke: async () => ({
        FunctionError: 'Unhandled',
        Payload: JSON.stringify({ errorType: 'Error', errorMessage: 'boom', trace }),
      }),
      sleep: async () => undefined,
    });
    expect(out.body.Status).toBe('FAILED');
    expect(out.body.PhysicalResourceId).toBe(CREATE_FAILED_PHYSICAL_ID_MARKER);
    expect(out.body.Reason).toBe(
      'boom\n\nLogs: /aws/lambda/user-on-event\n\n    at handler (/var/task/index.js:1:2)\n    at run (/var/task/index.js:3:4)',
    );
    expect(out.body).not.toHaveProperty('Data');
  });

  test('a failure in isComplete keeps the physical id onEvent answered (no marker), so the rollback Delete reaches the user', async () => {
    const out = await runProviderFramework(request('Create'), provider, {
      invoke: async (arn) =>
        arn === provider.onEventArn
          ? ok({ PhysicalResourceId: 'p-1', Data: { A: '1' } })
          : { FunctionError: 'Unhandled', Payload: JSON.stringify({ errorMessage: 'late' }) },
      sleep: async () => undefined,
    });
    expect(out.body).toMatchObject({ Status: 'FAILED', PhysicalResourceId: 'p-1', Data: { A: '1' } });
    expect(out.body.Reason.split('\n')[0]).toBe('Error: late');
  });

  test('the Delete of a CREATE_FAILED marker is acknowledged without calling the user function', async () => {
    const invoked: string[] = [];
    const out = await runProviderFramework(request('Delete', CREATE_FAILED_PHYSICAL_ID_MARKER), provider, {
      invoke: async (arn) => (invoked.push(arn), ok({})),
      sleep: async () => undefined,
    });
    expect(invoked).toEqual([]);
    expect(out.body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: CREATE_FAILED_PHYSICAL_ID_MARKER });
  });

  test('IsComplete false with Data, and a Delete that changes the physical id, are framework errors', async () => {
    const dataWhilePending = await runProviderFramework(request('Create'), provider, {
      invoke: async (arn) =>
        arn === provider.onEventArn ? ok({ PhysicalResourceId: 'p' }) : ok({ IsComplete: false, Data: { X: 1 } }),
      sleep: async () => undefined,
    });
    expect(dataWhilePending.body.Reason).toMatch(/^Error: "Data" is not allowed if "IsComplete" is "False"/);
    const moved = await runProviderFramework(request('Delete', 'p'), provider, {
      invoke: async () => ok({ PhysicalResourceId: 'q' }),
      sleep: async () => undefined,
    });
    expect(moved.body).toMatchObject({ Status: 'FAILED', PhysicalResourceId: 'p' });
    expect(moved.body.Reason).toMatch(/cannot change the physical resource ID from "p" to "q" during deletion/);
  });

  test('the waiter policy is read from the state machine aws-cdk-lib synthesizes (queryInterval 30 s, totalTimeout 55 min)', () => {
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'cfn-sim-provider-')) });
    const stack = new Stack(app, 'P');
    const fn = new lambda.Function(stack, 'F', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({})'),
    });
    new cr.Provider(stack, 'Provider', {
      onEventHandler: fn,
      isCompleteHandler: fn,
      queryInterval: Duration.seconds(30),
      totalTimeout: Duration.minutes(55),
    });
    const template = app.synth().getStackByName('P').template as CfnTemplate;
    const sm = Object.values(template.Resources).find((r) => r.Type === 'AWS::StepFunctions::StateMachine')!;
    const def = sm.Properties!.DefinitionString as { 'Fn::Join': [string, unknown[]] };
    const text = def['Fn::Join'][1].map((p) => (typeof p === 'string' ? p : 'arn')).join('');
    expect(waiterPolicyOf(text)).toEqual({ intervalSeconds: 30, maxAttempts: 110, backoffRate: 1 });
  });
});

// ------------------------------------------------------------------ CloudFormation's side

describe('CloudFormation reading a response', () => {
  const body = (size: number) => {
    const b = {
      Status: 'SUCCESS' as const,
      Reason: 'SUCCESS',
      StackId: 's',
      RequestId: 'r',
      PhysicalResourceId: 'p',
      LogicalResourceId: 'l',
      Data: { X: '' },
    };
    const pad = size - Buffer.byteLength(JSON.stringify(b));
    return { ...b, Data: { X: 'é'.repeat(Math.floor(pad / 2)) + 'x'.repeat(pad % 2) } };
  };

  test('a body of 4096 bytes is accepted, 4097 is "Response object is too long." (bytes, not characters)', () => {
    expect(Buffer.byteLength(JSON.stringify(body(MAX_RESPONSE_BYTES)))).toBe(4096);
    expect(readResponse(body(4096))).toMatchObject({ status: 'SUCCESS', physicalId: 'p' });
    expect(readResponse(body(4097))).toEqual(expect.objectContaining({ status: 'FAILED', reason: TOO_LONG_REASON }));
  });
});

describe('stack engine', () => {
  test('independent resources run in parallel; a dependent one starts after its dependency', async () => {
    const { sim, seen } = simulator({
      A: { behave: { waitMs: 90_000 } },
      B: { behave: { waitMs: 90_000 } },
      C: { behave: { waitMs: 0 }, dependsOn: ['A'] },
    });
    const result = await sim.deploy();
    expect(result.status).toBe('CREATE_COMPLETE');
    const byId = Object.fromEntries(seen().map((c) => [c.id, c.at]));
    // Parallel: each starts before the other's 90 s wait is over (serially they would be at least 90 s apart). The
    // gap itself is not asserted: the clock also counts the handler's real time, such as its first module load.
    expect(Math.abs(byId.A - byId.B)).toBeLessThan(90_000);
    expect(byId.C - byId.A).toBeGreaterThanOrEqual(90_000);
    // 30 + 45 + 67.5 s of waits cover 90 s: A and B overlap, so the stack takes ~142.5 s, not twice that.
    expect(result.virtualMs).toBeLessThan(200_000);
    expect(result.requests.map((r) => r.logicalId)).toEqual(['A', 'B', 'C']);
  });

  test('update rollback: the failed resource and the updated one get an Update with properties swapped; what the update created is deleted in cleanup', async () => {
    const { sim, template, seen } = simulator({ A: { behave: { v: 1 } }, B: { behave: { v: 1 } } });
    expect((await sim.deploy()).status).toBe('CREATE_COMPLETE');
    const mark = seen().length;
    const next = edit(template, {
      A: { behave: { v: 2 } },
      B: { behave: { v: 2, failOn: ['Update'] }, dependsOn: ['A', 'D'] },
      D: { behave: {} },
    });
    const result = await sim.deploy(next);
    expect(result.status).toBe('UPDATE_ROLLBACK_COMPLETE');
    const after = seen().slice(mark);
    expect(after.map(line)).toEqual([
      'Update A A-1',
      'Create D',
      'Update B B-1',
      'Update A A-1',
      'Update B B-1',
      'Delete D D-1',
    ]);
    const rollbackB = after[4];
    expect(JSON.parse(String(rollbackB.props.Behave))).toEqual({ v: 1 });
    expect(JSON.parse(String(rollbackB.old!.Behave))).toEqual({ v: 2, failOn: ['Update'] });
    expect(result.requests.map((r) => `${r.phase} ${r.requestType} ${r.logicalId} ${r.status}`)).toEqual([
      'deploy Update A SUCCESS',
      'deploy Create D SUCCESS',
      'deploy Update B FAILED',
      'rollback Update A SUCCESS',
      'rollback Update B SUCCESS',
      'cleanup Delete D SUCCESS',
    ]);
    expect(sim.template).toEqual(template);
  });

  test('a failed rollback Update ends in UPDATE_ROLLBACK_FAILED, and such a stack cannot be updated', async () => {
    const { sim, template } = simulator({ A: { behave: { failOn: ['Update'] } }, B: { behave: {} } });
    expect((await sim.deploy()).status).toBe('CREATE_COMPLETE');
    const result = await sim.deploy(
      edit(template, { A: { behave: {} }, B: { behave: { failOn: ['Update'] }, dependsOn: ['A'] } }),
    );
    expect(result.status).toBe('UPDATE_ROLLBACK_FAILED');
    await expect(sim.deploy(template)).rejects.toThrow(/UPDATE_ROLLBACK_FAILED state and can not be updated/);
  });

  test('replacement: a new physical id gets the old one deleted in the cleanup phase, after the rest; UpdateReplacePolicy Retain keeps it', async () => {
    for (const policy of [undefined, 'Retain']) {
      const { sim, template, seen } = simulator({
        A: { behave: {}, updateReplacePolicy: policy },
        B: { behave: {}, dependsOn: ['A'] },
      });
      expect((await sim.deploy()).status).toBe('CREATE_COMPLETE');
      const mark = seen().length;
      const result = await sim.deploy(edit(template, { A: { behave: { replace: true } }, B: { behave: { v: 2 } } }));
      expect(result.status).toBe('UPDATE_COMPLETE');
      expect(sim.resources.get('A')!.physicalId).toBe('A-1-r');
      expect(seen().slice(mark).map(line)).toEqual(
        policy ? ['Update A A-1', 'Update B B-1'] : ['Update A A-1', 'Update B B-1', 'Delete A A-1'],
      );
      if (policy)
        expect(sim.retained).toEqual([
          expect.objectContaining({ logicalId: 'A', physicalId: 'A-1', why: 'UpdateReplacePolicy' }),
        ]);
    }
  });

  test('a replaced resource rolls back to its old id without a request; its new id is deleted in the rollback cleanup', async () => {
    const { sim, template, seen } = simulator({ A: { behave: {} }, B: { behave: {} } });
    await sim.deploy();
    const mark = seen().length;
    const result = await sim.deploy(
      edit(template, { A: { behave: { replace: true } }, B: { behave: { failOn: ['Update'] }, dependsOn: ['A'] } }),
    );
    expect(result.status).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect(seen().slice(mark).map(line)).toEqual(['Update A A-1', 'Update B B-1', 'Update B B-1', 'Delete A A-1-r']);
    expect(sim.resources.get('A')!.physicalId).toBe('A-1');
  });

  test('DeletionPolicy on create rollback: Retain keeps, RetainExceptOnCreate and Delete delete (the failed resource included)', async () => {
    const { sim, seen } = simulator({
      R: { behave: {}, deletionPolicy: 'Retain' },
      X: { behave: {}, deletionPolicy: 'RetainExceptOnCreate' },
      D: { behave: {}, deletionPolicy: 'Delete' },
      F: { behave: { failOn: ['Create'] }, dependsOn: ['R', 'X', 'D'] },
    });
    const result = await sim.deploy();
    expect(result.status).toBe('ROLLBACK_COMPLETE');
    expect(
      seen()
        .filter((c) => c.type === 'Delete')
        .map(line)
        .sort(),
    ).toEqual(['Delete D D-1', 'Delete X X-1']);
    // F's Create failed in onEvent: its rollback Delete carries the marker and the framework answers it alone.
    expect(result.requests.find((r) => r.phase === 'rollback' && r.logicalId === 'F')).toMatchObject({
      physicalId: CREATE_FAILED_PHYSICAL_ID_MARKER,
      status: 'SUCCESS',
    });
    expect(sim.retained.map((r) => r.logicalId)).toEqual(['R']);
  });

  test('DeletionPolicy on stack delete: Retain and RetainExceptOnCreate keep, Delete deletes', async () => {
    const { sim, seen } = simulator({
      R: { behave: {}, deletionPolicy: 'Retain' },
      X: { behave: {}, deletionPolicy: 'RetainExceptOnCreate' },
      D: { behave: {} },
    });
    await sim.deploy();
    expect((await sim.destroy()).status).toBe('DELETE_COMPLETE');
    expect(
      seen()
        .filter((c) => c.type === 'Delete')
        .map(line),
    ).toEqual(['Delete D D-1']);
  });

  test('DeletionPolicy on update rollback: created by the failed update, Retain keeps and RetainExceptOnCreate deletes', async () => {
    const { sim, template, seen } = simulator({ A: { behave: {} } });
    await sim.deploy();
    const next = edit(template, {
      R: { behave: {}, deletionPolicy: 'Retain' },
      X: { behave: {}, deletionPolicy: 'RetainExceptOnCreate' },
      A: { behave: { failOn: ['Update'] }, dependsOn: ['R', 'X'] },
    });
    expect((await sim.deploy(next)).status).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect(
      seen()
        .filter((c) => c.type === 'Delete')
        .map(line),
    ).toEqual(['Delete X X-1']);
  });

  test('stack delete goes on past a failure; DELETE_FAILED keeps the rest; --retain-resources only then', async () => {
    const { sim, template, seen } = simulator({
      A: { behave: {} },
      B: { behave: {} },
      C: { behave: {}, dependsOn: ['A'] },
    });
    await sim.deploy();
    await sim.deploy(edit(template, { C: { behave: { failOn: ['Delete'] }, dependsOn: ['A'] } }));
    await expect(sim.destroy({ retainResources: ['C'] })).rejects.toThrow(/DELETE_FAILED/);
    const mark = seen().length;
    const failed = await sim.destroy();
    expect(failed.status).toBe('DELETE_FAILED');
    // B does not depend on C and is deleted; A is still needed by C and waits.
    expect(seen().slice(mark).map(line).sort()).toEqual(['Delete B B-1', 'Delete C C-1']);
    expect([...sim.resources.keys()].filter((k) => /^[ABC]$/.test(k)).sort()).toEqual(['A', 'C']);
    await expect(sim.deploy(template)).rejects.toThrow(/DELETE_FAILED state/);
    const retried = await sim.destroy({ retainResources: ['C'] });
    expect(retried.status).toBe('DELETE_COMPLETE');
    expect(seen().slice(mark).map(line).sort()).toEqual(['Delete A A-1', 'Delete B B-1', 'Delete C C-1']);
    expect(sim.retained).toEqual([expect.objectContaining({ logicalId: 'C', why: 'RetainResources' })]);
  });

  test('physical ids are unique per stack instance: a recreated stack gets a new KMS key and role ARN', async () => {
    const { sim, seen } = simulator({ A: { behave: {} } });
    await sim.deploy();
    const first = sim.stackId;
    await sim.destroy();
    await sim.deploy();
    const creates = seen().filter((c) => c.type === 'Create');
    expect(creates).toHaveLength(2);
    expect(creates[0].props.KeyArn).not.toBe(creates[1].props.KeyArn);
    expect(creates[0].props.RoleArn).not.toBe(creates[1].props.RoleArn);
    expect(sim.stackId).not.toBe(first);
  });

  test('ROLLBACK_COMPLETE: the next deploy deletes the empty stack and creates a new instance', async () => {
    const { sim, template } = simulator({ A: { behave: { failOn: ['Create'] } } });
    expect((await sim.deploy()).status).toBe('ROLLBACK_COMPLETE');
    const first = sim.stackId;
    expect((await sim.deploy(edit(template, { A: { behave: {} } }))).status).toBe('CREATE_COMPLETE');
    expect(sim.stackId).not.toBe(first);
  });

  test('ServiceTimeout: no response in time fails the resource; the rollback Delete carries an id CloudFormation made up', async () => {
    const { sim, seen } = simulator({ A: { behave: { waitMs: 10 * 60_000, waitOn: ['Create'] }, serviceTimeout: 60 } });
    const result = await sim.deploy();
    expect(result.status).toBe('ROLLBACK_COMPLETE');
    expect(result.failure).toMatchObject({ logicalId: 'A', reason: TIMEOUT_REASON });
    const del = seen().find((c) => c.type === 'Delete')!;
    expect(del.physicalId).toMatch(/^Fake-A-[0-9A-F]{12}$/);
    expect(del.physicalId).not.toBe('A-1');
  });

  test('without ServiceTimeout the framework times out first (waiter 30+45+67.5+101.25 s) with "Operation timed out"; ServiceTimeout above 3600 is refused', async () => {
    const { sim } = simulator({ A: { behave: { waitMs: 10 * 60_000 } } });
    const result = await sim.deploy();
    expect(result.failure?.reason).toBe('Operation timed out');
    expect(result.failure?.polls).toBe(5);
    const bad = simulator({ A: { behave: {}, serviceTimeout: 3601 } });
    expect((await bad.sim.deploy()).failure?.reason).toMatch(/ServiceTimeout must be an integer from 1 to 3600/);
  });

  test('a response over 4096 bytes fails the resource, SUCCESS (large Data) and FAILED (long error) alike', async () => {
    const big = simulator({ A: { behave: { pad: 5000 } } });
    expect((await big.sim.deploy()).failure).toMatchObject({ logicalId: 'A', reason: TOO_LONG_REASON });
    expect(JSON.stringify(big.sim.responses[0]).length).toBeGreaterThan(4096);
    const longError = simulator({ A: { behave: { failOn: ['Create'], message: 'e'.repeat(5000) } } });
    expect((await longError.sim.deploy()).failure).toMatchObject({ reason: TOO_LONG_REASON });
  });
});
