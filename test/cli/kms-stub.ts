/**
 * A loopback AWS KMS and SSM stub for the spawned `atlas-ear` binary: answers KMS `DescribeKey` and SSM
 * `GetParameter` in the real AWS JSON 1.1 protocol (`X-Amz-Target: TrentService.DescribeKey`,
 * `AmazonSSM.GetParameter`), so the CLI's real SDK clients talk to it through `AWS_ENDPOINT_URL_KMS` and
 * `AWS_ENDPOINT_URL_SSM`. Anything else is a 400 `UnknownOperationException`.
 */
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A key the stub knows. */
export interface StubKey {
  /** `Enabled`, `Disabled`, `PendingDeletion`, … */
  state: string;
  /** Region the key lives in (AWS form); DescribeKey from another region answers NotFound. */
  region: string;
  /** Deletion date for PendingDeletion. */
  deletionDate?: Date;
}

/** A running stub. */
export interface KmsStub {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Keys by key id (the ARN's key id part is accepted too). */
  readonly keys: Map<string, StubKey>;
  /** Each DescribeKey request: key id and signing region. */
  readonly calls: Array<{ keyId: string; region: string | undefined }>;
  /** Next requests answer AccessDeniedException for these key ids. */
  readonly denied: Set<string>;
  /** SSM parameters by name (GetParameter answers ParameterNotFound for others). */
  readonly parameters: Map<string, string>;
  /** SSM parameter names GetParameter answers AccessDeniedException for. */
  readonly deniedParameters: Set<string>;
  /** Each GetParameter request: name and signing region. */
  readonly parameterCalls: Array<{ name: string; region: string | undefined }>;
  stop(): Promise<void>;
}

const CREATED = Date.parse('2024-01-01T00:00:00Z') / 1000;

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'stub' });
  res.end(JSON.stringify(body));
}

/** Starts the stub on a random loopback port. */
export async function startKmsStub(): Promise<KmsStub> {
  const keys = new Map<string, StubKey>();
  const calls: KmsStub['calls'] = [];
  const denied = new Set<string>();
  const parameters = new Map<string, string>();
  const deniedParameters = new Set<string>();
  const parameterCalls: KmsStub['parameterCalls'] = [];
  const getParameter = (req: IncomingMessage, res: ServerResponse, body: string): void => {
    const region = /Credential=[^/]+\/\d+\/([^/]+)\/ssm\//.exec(String(req.headers.authorization ?? ''))?.[1];
    const name = String((JSON.parse(body) as { Name?: string }).Name ?? '');
    parameterCalls.push({ name, region });
    if (deniedParameters.has(name)) {
      send(res, 400, {
        __type: 'AccessDeniedException',
        message: `User is not authorized to perform ssm:GetParameter on resource parameter${name}`,
      });
      return;
    }
    const value = parameters.get(name);
    if (value === undefined) {
      send(res, 400, { __type: 'ParameterNotFound', message: '' });
      return;
    }
    send(res, 200, { Parameter: { Name: name, Type: 'String', Value: value, Version: 1, DataType: 'text' } });
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const target = req.headers['x-amz-target'];
      if (target === 'AmazonSSM.GetParameter') {
        getParameter(req, res, Buffer.concat(chunks).toString('utf8'));
        return;
      }
      if (target !== 'TrentService.DescribeKey') {
        send(res, 400, { __type: 'UnknownOperationException', message: `stub: ${String(target)}` });
        return;
      }
      const region = /Credential=[^/]+\/\d+\/([^/]+)\/kms\//.exec(String(req.headers.authorization ?? ''))?.[1];
      let keyId: string;
      try {
        keyId = String((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { KeyId?: string }).KeyId ?? '');
      } catch {
        send(res, 400, { __type: 'SerializationException', message: 'bad json' });
        return;
      }
      calls.push({ keyId, region });
      const id = keyId.replace(/^arn:[^:]+:kms:[^:]+:\d+:key\//, '');
      if (denied.has(id)) {
        send(res, 400, {
          __type: 'AccessDeniedException',
          message: `User is not authorized to perform kms:DescribeKey on ${id}`,
        });
        return;
      }
      const key = keys.get(id);
      if (!key || (region !== undefined && key.region !== region)) {
        send(res, 400, { __type: 'NotFoundException', message: `Key '${keyId}' does not exist` });
        return;
      }
      send(res, 200, {
        KeyMetadata: {
          AWSAccountId: '111122223333',
          KeyId: id,
          Arn: `arn:aws:kms:${key.region}:111122223333:key/${id}`,
          CreationDate: CREATED,
          Enabled: key.state === 'Enabled',
          KeyState: key.state,
          KeyUsage: 'ENCRYPT_DECRYPT',
          KeySpec: 'SYMMETRIC_DEFAULT',
          KeyManager: 'CUSTOMER',
          Origin: 'AWS_KMS',
          ...(key.deletionDate ? { DeletionDate: key.deletionDate.getTime() / 1000 } : {}),
        },
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    keys,
    calls,
    denied,
    parameters,
    deniedParameters,
    parameterCalls,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
