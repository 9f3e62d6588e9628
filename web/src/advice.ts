/**
 * What to do about each failure reason (product spec section 5): the engine's own table
 * (domain/advice.ts), shown beside the reason when an answer carries no `advice` of the API's.
 */
export { reasonAdvice } from '../../domain/advice';
