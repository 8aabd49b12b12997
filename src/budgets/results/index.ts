/** The results of a participatory budget, pot by pot (issue 18): pure and exact. */
export * from './election.js';
export { greedy } from './greedy.js';
export * from './equal-shares.js';
export { Rational } from './rational.js';
