/**
 * A CloudFormation + aws-cdk-lib Provider-framework simulator for deploy tests and benchmarks: one concern per
 * file (clock, template, intrinsics, physical ids, Lambda assets and runtime, the Provider framework, the stack
 * engine).
 */
export * from './clock';
export * from './custom-resource';
export * from './graph';
export * from './intrinsics';
export * from './lambda-assets';
export * from './lambda-runtime';
export * from './physical-ids';
export * from './provider-framework';
export * from './records';
export * from './stack-engine';
export * from './template';
