/**
 * ALB wildcard patterns (`*` = zero or more characters, `?` = exactly one), compiled once into the
 * cheapest test that implements them: equality, prefix, suffix, or an anchored regular expression.
 * Case-insensitive patterns are lower-cased here, so callers pass lower-cased input (the request view
 * lower-cases each field once per request instead of once per pattern).
 */

export interface WildcardOptions {
  /** Compare case-insensitively: the pattern is lower-cased and input must be lower-cased too. */
  readonly ignoreCase: boolean;
  /** `\*` and `\?` stand for a literal `*` and `?` (documented for query-string values only). */
  readonly escapes: boolean;
}

/** A compiled pattern; `test` takes input normalised as the options require. */
export type WildcardTest = (input: string) => boolean;

type Token = { readonly kind: 'literal'; readonly text: string } | { readonly kind: 'star' } | { readonly kind: 'one' };

/** Compiles one ALB wildcard pattern. */
export function compileWildcard(pattern: string, options: WildcardOptions): WildcardTest {
  const source = options.ignoreCase ? pattern.toLowerCase() : pattern;
  const tokens = tokenize(source, options.escapes);
  const wildcards = tokens.filter((token) => token.kind !== 'literal');
  if (wildcards.length === 0) {
    const literal = literalText(tokens);
    return (input) => input === literal;
  }
  const only = tokens.length === 2 && wildcards.length === 1 && wildcards[0]?.kind === 'star';
  if (only && tokens[1]?.kind === 'star') {
    const prefix = literalText(tokens.slice(0, 1));
    return (input) => input.startsWith(prefix);
  }
  if (only && tokens[0]?.kind === 'star') {
    const suffix = literalText(tokens.slice(1));
    return (input) => input.endsWith(suffix);
  }
  if (tokens.length === 1 && tokens[0]?.kind === 'star') return () => true;
  const regex = new RegExp(`^${tokens.map(toRegexSource).join('')}$`);
  return (input) => regex.test(input);
}

/** How many wildcard characters a pattern uses (AWS allows five per rule). */
export function countWildcards(pattern: string, escapes: boolean): number {
  return tokenize(pattern, escapes).filter((token) => token.kind !== 'literal').length;
}

function tokenize(pattern: string, escapes: boolean): Token[] {
  const tokens: Token[] = [];
  let literal = '';
  const flush = (): void => {
    if (literal !== '') tokens.push({ kind: 'literal', text: literal });
    literal = '';
  };
  for (let i = 0; i < pattern.length; i += 1) {
    const char = pattern[i] as string;
    const next = pattern[i + 1];
    if (escapes && char === '\\' && (next === '*' || next === '?')) {
      literal += next;
      i += 1;
    } else if (char === '*' || char === '?') {
      flush();
      // Consecutive stars mean the same as one; keeping one keeps the regex linear.
      if (char === '?' || tokens.at(-1)?.kind !== 'star') tokens.push(char === '*' ? { kind: 'star' } : { kind: 'one' });
    } else {
      literal += char;
    }
  }
  flush();
  return tokens;
}

function literalText(tokens: readonly Token[]): string {
  return tokens.map((token) => (token.kind === 'literal' ? token.text : '')).join('');
}

function toRegexSource(token: Token): string {
  if (token.kind === 'star') return '[\\s\\S]*';
  if (token.kind === 'one') return '[\\s\\S]';
  return token.text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
