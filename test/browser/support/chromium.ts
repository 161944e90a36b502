import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium: browsers cannot be downloaded here, and `.ci/run` installs this one with apt. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const launchChromium = async (): Promise<Browser> =>
  await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });

export const SCREENSHOTS = join(process.cwd(), 'test-output', 'browser');

export const screenshotsDir = async (): Promise<string> => {
  await mkdir(SCREENSHOTS, { recursive: true });
  return SCREENSHOTS;
};
