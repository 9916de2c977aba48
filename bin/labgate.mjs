#!/usr/bin/env node
// The CLI is TypeScript; register tsx so it runs without a build step.
import { register } from 'tsx/esm/api';
register();
await import('./cli/main.ts');
