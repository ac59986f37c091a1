/**
 * `deploy-lab scenarios [--json]`: the guided scenarios this build ships, from scenarios/registry.ts.
 */
import type { Command } from 'commander';
import { scenarioRegistry } from '../../../scenarios/registry';

export interface ScenarioCommandDeps {
  io: { out(line: string): void; err(line: string): void };
  setExit(code: number): void;
  dataDir(): string;
}

export function registerScenariosCommand(program: Command, deps: ScenarioCommandDeps): Command {
  return program
    .command('scenarios')
    .description('list the guided scenarios (id, title, topics, backends)')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) => {
      if (opts.json) {
        deps.io.out(JSON.stringify(scenarioRegistry, null, 2));
        return;
      }
      const width = Math.max(...scenarioRegistry.map((s) => s.id.length), 2);
      for (const s of scenarioRegistry) {
        deps.io.out(`${s.id.padEnd(width)}  ${s.title}`);
        deps.io.out(
          `${''.padEnd(width)}  ${s.level}, ~${s.minutes} min; topics: ${s.topics.join(', ')}; backends: ${s.backends.join(', ')}`,
        );
      }
      deps.io.out('');
      deps.io.out('Run one with: deploy-lab run <id>   (add --auto to watch its solution pass every check)');
    });
}
