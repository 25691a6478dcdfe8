/**
 * The page's first script (the build's `polyfills` entry, so Angular's index.html runs it before
 * main.js and without waiting for main's imports): starts what the first screen needs while the
 * rest of the portal downloads. See core/boot/early-start.ts.
 */
import { rememberedRole } from './app/core/auth/last-role';
import { preloadArea, startEarlyRefresh } from './app/core/boot/early-start';

preloadArea(rememberedRole(), document);
startEarlyRefresh(window);
