import { isTellerError } from '../shared/index.ts';
import { coreCheckCommand, CORE_CHECK_HELP } from './commands/core-check.ts';
import { evalCommand, EVAL_HELP } from './commands/eval.ts';
import { intentsCommand, INTENTS_HELP } from './commands/intents.ts';
import { nluCommand, NLU_HELP } from './commands/nlu.ts';
import { serveCommand, SERVE_HELP } from './commands/serve.ts';
import { testCommand, TEST_HELP } from './commands/test.ts';
import { trainCommand, TRAIN_HELP } from './commands/train.ts';
import { worldCommand, WORLD_HELP } from './commands/world.ts';
import { PROCESS_IO, type CliIo } from './io.ts';

type Command = { run: (args: string[], io: CliIo) => Promise<number>; help: string; summary: string };

const COMMANDS: Record<string, Command> = {
  serve: { run: serveCommand, help: SERVE_HELP, summary: 'run the voice-banking server (npm start)' },
  world: {
    run: worldCommand,
    help: WORLD_HELP,
    summary: 'load a world into a sandbox bank and summarise it',
  },
  intents: {
    run: intentsCommand,
    help: INTENTS_HELP,
    summary: 'list the intent catalogue and its training data',
  },
  nlu: { run: nluCommand, help: NLU_HELP, summary: 'understand an utterance: intent, confidence, entities' },
  train: {
    run: trainCommand,
    help: TRAIN_HELP,
    summary: 'train the intent classifier (ONNX) on data/nlu or a CSV',
  },
  eval: { run: evalCommand, help: EVAL_HELP, summary: 'evaluate an intent model on a text,label CSV' },
  test: { run: testCommand, help: TEST_HELP, summary: 'run conversation scripts (*.convo.yaml)' },
  'core-check': {
    run: coreCheckCommand,
    help: CORE_CHECK_HELP,
    summary: "check a bank's core API facade before a node runs on it",
  },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return `teller: an open-source voice-banking agent server

usage: teller <command> [options]

commands:
${lines.join('\n')}

Run \`teller <command> --help\` for a command's options.`;
}

/** The CLI entry point; returns the process exit code. */
export async function main(argv: string[], io: CliIo = PROCESS_IO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (isTellerError(error)) {
      io.err(`${error.code}: ${error.message}`);
      return 1;
    }
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      io.err(`${error.message}\n\n${command.help}`);
      return 2;
    }
    throw error;
  }
}
