#!/usr/bin/env node
// The `slotbase` command. Slotbase runs from its TypeScript sources with Node's type stripping.
import '../src/main.ts';
