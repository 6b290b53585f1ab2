#!/usr/bin/env node
import "@agent-baton/pytest-locked/bin/pytest-locked";
