# isms in a container: Node (slim) and git, running as a non-root user, entrypoint `isms`.
#
#   npm ci && npm run pack:cli              # writes out/npm/isms-VERSION.tgz (nothing is downloaded)
#   docker build -t isms .
#   docker run --rm -v "$PWD:/work" isms check .
#   docker run --rm --user "$(id -u):$(id -g)" -v "$PWD:/work" isms check . --format sarif --output isms.sarif
#                                           (as your own user, to write into the mounted folder)
#
# The image is built from the packed tarball, so it holds exactly what the npm package holds, and its
# build installs nothing from npm.
FROM node:20-bookworm-slim

# git for the reports that read history (--at, changes, the source commit); isms runs no other program.
RUN apt-get update \
  && apt-get install -y --no-install-recommends git \
  && rm -rf /var/lib/apt/lists/*

COPY out/npm/isms-*.tgz /tmp/isms/
RUN npm install --global --offline --no-audit --no-fund /tmp/isms/isms-*.tgz \
  && rm -rf /tmp/isms /root/.npm

# Runs as a user of its own, not root.
RUN useradd --create-home --uid 10001 isms
USER isms
# The repository is mounted at /work from the host and belongs to the host's user, which git calls
# "dubious ownership" and refuses (newer git even when the repository is named explicitly, as isms does).
# Trusting that one folder is safe here: isms only reads objects, with every setting that would run a
# program overridden on the command line (server/src/core/git.ts). isms's git reads no system config
# (GIT_CONFIG_NOSYSTEM), so the exception goes into this user's own (global) config, for /work only.
RUN git config --global --add safe.directory /work

WORKDIR /work
ENTRYPOINT ["isms"]
CMD ["check", "."]
