#!/usr/bin/env node
/* global process, console, URL */
// Launcher for the `peygir` CLI: registers tsx so the TypeScript sources run as they are.
import { register } from 'tsx/esm/api';
import { fileURLToPath } from 'node:url';

register();
const { runCli } = await import(fileURLToPath(new URL('../src/cli/main.ts', import.meta.url)));
process.exitCode = await runCli(process.argv.slice(2), (text) => console.log(text), (text) => console.error(text));
