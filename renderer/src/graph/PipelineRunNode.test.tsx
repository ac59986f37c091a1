import { renderToString } from 'react-dom/server';
import { ReactFlowProvider, type NodeProps } from '@xyflow/react';
import { describe, expect, it } from 'vitest';
import type { PipelineRunGraphNode } from '../../../core/graph';
import { PipelineRunNode } from './PipelineRunNode';
import type { FlowNode } from './to-flow';

const run: PipelineRunGraphNode = {
  id: 'pipelinerun/lab/pipeline-run-2',
  kind: 'pipelinerun',
  name: 'pipeline-run-2',
  namespace: 'lab',
  label: 'run 2',
  status: 'error',
  summary: '5d0b9f3 · 3.0 · failed at test',
  reasons: ['test failed: pytest: 1 failed'],
  run: 2,
  commit: '5d0b9f3',
  version: '3.0',
  approval: 'manual',
  stages: [
    { name: 'test', status: 'failed', log: 'pytest: 1 failed' },
    { name: 'build', status: 'skipped' },
    { name: 'push', status: 'skipped' },
    { name: 'deploy', status: 'skipped' },
  ],
};

describe('PipelineRunNode (server render)', () => {
  it('draws the stages in a row, in order, each with its status', () => {
    // The props the card reads; React Flow passes more (position, dragging, ...) that it ignores.
    const props = { id: run.id, data: { node: run }, selected: false } as unknown as NodeProps<FlowNode>;
    const html = renderToString(
      <ReactFlowProvider>
        <PipelineRunNode {...props} />
      </ReactFlowProvider>,
    );
    const stages = [...html.matchAll(/data-status="([a-z-]+)"[^>]*>([a-z]+)</g)].map(
      (m) => `${m[2]}:${m[1]}`,
    );
    expect(stages).toEqual(['test:failed', 'build:skipped', 'push:skipped', 'deploy:skipped']);
    expect(html).toContain('kind-pipelinerun status-error');
    expect(html).toContain('5d0b9f3 · 3.0 · failed at test');
  });
});
