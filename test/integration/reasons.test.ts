import { describeReasonSuite } from './reasons-suite';

// The nine reasons with the simulated VoipNow answering 4PSA's documented codes exactly, and the
// reasons 4PSA documents no code for without a number.
describeReasonSuite('none');
