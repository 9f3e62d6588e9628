import { describeReasonSuite } from './reasons-suite';

// The nine reasons with the simulated VoipNow sending a random code with each fault 4PSA documents
// no code for (lockout, password rules, user limit): the engine must recognise them by their words.
describeReasonSuite('random');
