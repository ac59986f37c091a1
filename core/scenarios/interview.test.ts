import { describe, expect, it } from 'vitest';
import { scenarioRegistry } from '../../scenarios/registry';
import { findScenario } from '../../scenarios/index';
import { scenarioFileReader } from './backend-ports';
import { loadInterview, parseInterview } from './interview';

describe('interview questions (interview.md)', () => {
  it('parses each "## " heading as a question and the text under it as what a good answer mentions', () => {
    const questions = parseInterview(
      [
        '# Title',
        'Intro text is ignored.',
        '',
        '## What is a Pod?',
        '',
        'The smallest unit: one or more containers',
        'sharing a network namespace.',
        '',
        '### not a question',
        '## Why labels?',
        'Selectors.',
        '## A heading without an answer',
      ].join('\n'),
    );
    expect(questions).toEqual([
      {
        question: 'What is a Pod?',
        answer:
          'The smallest unit: one or more containers\nsharing a network namespace.\n\n### not a question',
      },
      { question: 'Why labels?', answer: 'Selectors.' },
    ]);
  });

  it('every registered scenario has a parseable interview.md with at least 3 questions', async () => {
    const read = scenarioFileReader();
    for (const summary of scenarioRegistry) {
      const definition = findScenario(summary.id);
      expect(definition, summary.id).toBeDefined();
      if (!definition) continue;
      const questions = await loadInterview({ readScenarioFile: read }, definition).catch((err: unknown) => {
        throw new Error(`${summary.id}: ${err instanceof Error ? err.message : String(err)}`);
      });
      expect(questions.length, `${summary.id}: questions in interview.md`).toBeGreaterThanOrEqual(3);
      for (const q of questions) {
        expect(q.question.length, summary.id).toBeGreaterThan(10);
        expect(q.answer.length, `${summary.id}: "${q.question}"`).toBeGreaterThan(40);
      }
    }
  });
});
