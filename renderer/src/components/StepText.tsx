/**
 * A step's text: paragraphs, and fenced code blocks with a copy button (the commands a learner runs).
 * The text is the scenario's own markdown from this repository; it is shown as text, never as HTML.
 */
import { useState } from 'react';

type Block = { kind: 'text'; text: string } | { kind: 'code'; text: string };

export function splitBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const parts = markdown.split(/^```[a-z]*\s*$/m);
  parts.forEach((part, index) => {
    const text = part.replace(/^\n+|\n+$/g, '');
    if (!text) return;
    if (index % 2 === 1) blocks.push({ kind: 'code', text });
    else
      for (const paragraph of text.split(/\n\s*\n/))
        if (paragraph.trim()) blocks.push({ kind: 'text', text: paragraph.replace(/^#+\s*/, '') });
  });
  return blocks;
}

function CopyButton({ text }: { text: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="copy-button"
      onClick={() => {
        void navigator.clipboard?.writeText(text).then(() => setCopied(true));
      }}
    >
      {copied ? 'copied' : 'copy'}
    </button>
  );
}

export function StepText({ markdown }: { markdown: string }) {
  return (
    <div className="step-text">
      {splitBlocks(markdown).map((block, i) =>
        block.kind === 'code' ? (
          <div className="step-code" key={i}>
            <pre>{block.text}</pre>
            <CopyButton text={block.text} />
          </div>
        ) : (
          <p key={i}>{block.text}</p>
        ),
      )}
    </div>
  );
}
