/**
 * mermaid-cli drives Debian's Chromium; puppeteer must never download a browser of its own
 * (there is no network here beyond the package registries).
 */
module.exports = {
  skipDownload: true,
  executablePath: process.env.PUPPETEER_EXECUTABLE_PATH || '/usr/bin/chromium',
};
