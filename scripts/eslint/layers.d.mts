declare const plugin: { rules: Record<string, import('eslint').Rule.RuleModule> };
export default plugin;
