// The names of the test hooks' extension commands, registered at activation when the switch is on.
export const TEST_COMMAND_NAMES = ['debug.wait', 'debug.block', 'debug.state', 'debug.cookieView'] as const;

export type TestCommandName = (typeof TEST_COMMAND_NAMES)[number];
