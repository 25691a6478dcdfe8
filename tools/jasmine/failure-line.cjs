// One line per failed spec for the end of a CI log, which is often all of it that is kept: the
// spec's name and the start of what went wrong, so a failure that does not come back on a rerun
// can still be told apart from the others.
const MESSAGE_CHARS = 240;

function failureLine(name, message) {
  const reason = String(message ?? '')
    .trim()
    .split('\n')[0]
    .slice(0, MESSAGE_CHARS);
  return reason ? `${name} — ${reason}` : name;
}

module.exports = { failureLine };
