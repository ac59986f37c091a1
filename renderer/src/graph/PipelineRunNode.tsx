import { memo } from 'react';
import type { NodeProps } from '@xyflow/react';
import type { PipelineStageStatus } from '../../../core/graph';
import { NodeCard } from './NodeCard';
import type { FlowNode } from './to-flow';

/** A stage's colour class reuses the card status colours. */
const STAGE_STATUS: Record<PipelineStageStatus, string> = {
  pending: 'status-idle',
  running: 'status-progressing',
  passed: 'status-ok',
  failed: 'status-error',
  'waiting-approval': 'status-warning',
  skipped: 'status-idle is-skipped',
  rejected: 'status-error',
};

/** A CI/CD pipeline run: its stages in a row (test -> build -> push -> deploy), each in its status colour. */
export const PipelineRunNode = memo(function PipelineRunNode({ data, selected }: NodeProps<FlowNode>) {
  const node = data.node;
  if (node.kind !== 'pipelinerun') return null;
  return (
    <NodeCard node={node} selected={selected} handles="out">
      <ol className="pipeline-stages" aria-label={`stages of ${node.label}`}>
        {node.stages.map((stage, i) => [
          i > 0 ? (
            <li key={`${stage.name}-arrow`} className="pipeline-arrow" aria-hidden="true">
              →
            </li>
          ) : null,
          <li
            key={stage.name}
            className={`pipeline-stage ${STAGE_STATUS[stage.status]}`}
            title={`${stage.name}: ${stage.status}${stage.log ? `\n${stage.log}` : ''}`}
            data-status={stage.status}
          >
            {stage.status === 'waiting-approval' ? `⏸ ${stage.name}` : stage.name}
          </li>,
        ])}
      </ol>
    </NodeCard>
  );
});
