import { pino } from 'pino';
import { installTemporalRuntime } from '../../src/temporal/runtime.js';

// SDK logs in tests go through pino like in production; silent unless TEST_LOG_LEVEL says otherwise.
installTemporalRuntime(pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }));
