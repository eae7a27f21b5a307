/** Secrets Manager secrets and SSM parameters: names, ARNs, and how each value comes to be. */
import type { ResolvedAssembly } from './resources.js';
import type { GenerateSecretSpec, SecretPlan, SsmParameterPlan } from './types.js';
import { record, str } from './values.js';

export function extractSecrets(resolved: ResolvedAssembly): SecretPlan[] {
  return resolved.ofType('AWS::SecretsManager::Secret').map((secret) => {
    const p = secret.props;
    const arn = secret.physicalId;
    // `…:secret:<name>-<6 characters>`
    const name = arn.slice(arn.indexOf(':secret:') + ':secret:'.length, -7);
    return {
      id: secret.id,
      name,
      arn,
      ...(p.Description !== undefined ? { description: str(p.Description) } : {}),
      ...(p.SecretString !== undefined ? { secretString: str(p.SecretString) } : {}),
      ...(p.GenerateSecretString !== undefined ? { generate: generateSpec(record(p.GenerateSecretString)) } : {}),
    };
  });
}

function generateSpec(g: Record<string, unknown>): GenerateSecretSpec {
  const flag = (value: unknown) => (value === undefined ? undefined : value === true || value === 'true');
  const spec: Record<string, unknown> = {
    passwordLength: g.PasswordLength === undefined ? undefined : Number(g.PasswordLength),
    excludeCharacters: g.ExcludeCharacters === undefined ? undefined : str(g.ExcludeCharacters),
    excludePunctuation: flag(g.ExcludePunctuation),
    excludeUppercase: flag(g.ExcludeUppercase),
    excludeLowercase: flag(g.ExcludeLowercase),
    excludeNumbers: flag(g.ExcludeNumbers),
    includeSpace: flag(g.IncludeSpace),
    requireEachIncludedType: flag(g.RequireEachIncludedType),
    secretStringTemplate: g.SecretStringTemplate === undefined ? undefined : str(g.SecretStringTemplate),
    generateStringKey: g.GenerateStringKey === undefined ? undefined : str(g.GenerateStringKey),
  };
  return Object.fromEntries(Object.entries(spec).filter(([, value]) => value !== undefined)) as GenerateSecretSpec;
}

export function extractSsmParameters(resolved: ResolvedAssembly): SsmParameterPlan[] {
  return resolved.ofType('AWS::SSM::Parameter').map((parameter) => {
    const p = parameter.props;
    return {
      id: parameter.id,
      name: parameter.physicalId,
      type: str(p.Type, 'String') === 'StringList' ? 'StringList' : 'String',
      value: str(p.Value),
      ...(p.Description !== undefined ? { description: str(p.Description) } : {}),
    };
  });
}
