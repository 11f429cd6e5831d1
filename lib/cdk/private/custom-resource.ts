/**
 * Creates one library custom resource: `{ ServiceToken, Spec }`, `Spec` being the typed spec as a JSON string so
 * booleans and numbers survive CloudFormation's string conversion, plus `Project` for a resource that reads its
 * project fields from the project encryption (PROJECT_CONTEXT).
 * @internal
 */
import { CustomResource, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { RuleReporter } from '../../core';
import { checkOneOf, checkSafetyDefault } from '../../core/rules/engine-settings';
import {
  AtlasResourceType,
  BaseSpec,
  DeletePolicy,
  PROJECT_CONTEXT,
  ProjectContext,
} from '../custom-resources/properties';
import { applyRuleResult, CDK_VALIDATION } from './validation';
import { AtlasEncryptionAtRestProvider } from '../provider';

/**
 * Maps a removal policy to the handler's delete policy: only RETAIN (the default) and DESTROY have a meaning here
 * (SYN-INPUT-1). DESTROY turns a safety default off, so it is said at synth (SYN-KEEP-2) with what it does.
 * @param consequence what DESTROY does to this resource on stack deletion
 */
export function toDeletePolicy(
  scope: Construct,
  subject: string,
  prop: string,
  policy: RemovalPolicy | undefined,
  consequence: string,
): DeletePolicy {
  const r = new RuleReporter(CDK_VALIDATION);
  checkOneOf(
    subject,
    prop,
    policy,
    [RemovalPolicy.RETAIN, RemovalPolicy.DESTROY],
    'only RETAIN and DESTROY say what happens to an Atlas object',
    r,
  );
  if (policy === RemovalPolicy.DESTROY) checkSafetyDefault(subject, prop, 'DESTROY', consequence, r);
  applyRuleResult(scope, r.result());
  return policy === RemovalPolicy.DESTROY ? 'DESTROY' : 'RETAIN';
}

/** Drops undefined values so the Spec stays compact. */
function compact<T extends object>(spec: T): T {
  return Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== undefined)) as T;
}

/**
 * One custom resource served by the stack's provider. With deletePolicy RETAIN, CloudFormation also keeps the
 * resource on stack deletion and replacement (`DeletionPolicy` and `UpdateReplacePolicy: Retain`; belt and braces:
 * the handler would not touch Atlas on Delete either, and a broken handler cannot block a stack deletion).
 */
export function atlasCustomResource(
  scope: Construct,
  id: string,
  resourceType: AtlasResourceType,
  spec: Omit<BaseSpec, keyof ProjectContext> & Partial<ProjectContext>,
  options: {
    readonly retainExceptOnCreate?: boolean;
    /** `Fn::GetAtt` of the project encryption's `Project`, for a spec without the project fields. */
    readonly projectContext?: string;
  } = {},
): CustomResource {
  const provider = AtlasEncryptionAtRestProvider.of(scope);
  const resource = new CustomResource(scope, id, {
    serviceToken: provider.serviceToken,
    resourceType,
    // RETAIN is the handler's default: leave it out of the Spec (about 28 bytes per resource).
    properties: {
      ...(options.projectContext !== undefined && { [PROJECT_CONTEXT]: options.projectContext }),
      Spec: Stack.of(scope).toJsonString(
        compact({ ...spec, deletePolicy: spec.deletePolicy === 'RETAIN' ? undefined : spec.deletePolicy }),
      ),
    },
  });
  resource.applyRemovalPolicy(
    spec.deletePolicy === 'DESTROY'
      ? RemovalPolicy.DESTROY
      : // DeletionPolicy RetainExceptOnCreate: the rollback of the operation that created it reaches the handler.
        options.retainExceptOnCreate
        ? RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE
        : RemovalPolicy.RETAIN,
  );
  return resource;
}
