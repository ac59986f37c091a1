import { describe, expect, it } from 'vitest';
import { kubectlArgs, splitCommandLine } from './command-line';

describe('splitCommandLine', () => {
  it('splits on runs of whitespace', () => {
    expect(splitCommandLine('  kubectl   get pods\t-A ')).toEqual({
      ok: true,
      args: ['kubectl', 'get', 'pods', '-A'],
    });
  });
  it('keeps quoted text together and drops the quotes', () => {
    expect(splitCommandLine(`kubectl label pod web "note=a b" 'x=$HOME'`)).toEqual({
      ok: true,
      args: ['kubectl', 'label', 'pod', 'web', 'note=a b', 'x=$HOME'],
    });
  });
  it('joins quoted parts with adjacent text into one word', () => {
    expect(splitCommandLine(`kubectl get pods -o jsonpath='{.items[*].metadata.name}'`)).toEqual({
      ok: true,
      args: ['kubectl', 'get', 'pods', '-o', 'jsonpath={.items[*].metadata.name}'],
    });
  });
  it('keeps an empty quoted argument', () => {
    expect(splitCommandLine(`a '' b`)).toEqual({ ok: true, args: ['a', '', 'b'] });
  });
  it('escapes with a backslash outside single quotes only', () => {
    expect(splitCommandLine(String.raw`a\ b "c\"d" 'e\f'`)).toEqual({
      ok: true,
      args: ['a b', 'c"d', String.raw`e\f`],
    });
  });
  it('treats shell operators as plain characters', () => {
    expect(splitCommandLine('kubectl get pods | grep web')).toEqual({
      ok: true,
      args: ['kubectl', 'get', 'pods', '|', 'grep', 'web'],
    });
  });
  it('reports an unterminated quote', () => {
    expect(splitCommandLine(`kubectl get "pods`)).toEqual({ ok: false, error: 'unterminated double quote' });
  });
});

describe('kubectlArgs', () => {
  it('accepts kubectl command lines', () => {
    expect(kubectlArgs('kubectl get pods')).toEqual({ ok: true, args: ['kubectl', 'get', 'pods'] });
  });
  it('refuses anything that is not kubectl', () => {
    const result = kubectlArgs('ls -l');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain('only kubectl runs here');
  });
  it('refuses an empty line and a bare kubectl', () => {
    expect(kubectlArgs('   ').ok).toBe(false);
    expect(kubectlArgs('kubectl').ok).toBe(false);
  });
});
