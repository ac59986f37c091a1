// Moved to core/backends/sim/lab-api.client.ts (the engine uses it too); kept as a re-export so
// command modules written against the old path keep working.
export { simControl, parseDuration, SimControlError } from '../../backends/sim/lab-api.client';
