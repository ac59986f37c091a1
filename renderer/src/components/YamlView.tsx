import { useMemo } from 'react';
import hljs from 'highlight.js/lib/core';
import yamlLanguage from 'highlight.js/lib/languages/yaml';

// Only the YAML grammar is registered: the full highlight.js bundle is ~1 MB of languages we never show.
hljs.registerLanguage('yaml', yamlLanguage);

/** The object as the engine returned it, highlighted. highlight.js escapes the text it wraps. */
export function YamlView({ yaml }: { yaml: string }) {
  const html = useMemo(() => hljs.highlight(yaml, { language: 'yaml' }).value, [yaml]);
  return (
    <pre className="yaml-view" data-testid="inspector-yaml">
      <code className="hljs language-yaml" dangerouslySetInnerHTML={{ __html: html }} />
    </pre>
  );
}
