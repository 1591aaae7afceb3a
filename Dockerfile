# syntax=docker/dockerfile:1
# The production image of Sanji: Plone 6.2 with the add-on, its county profiles and theme, for
# FileStorage, ZEO or RelStorage on PostgreSQL (chosen at run time by the environment, see
# README.md). Every Python package comes from constraints.txt: nothing unpinned is downloaded.
#
#   docker build -t sanji:1.0.0 .
#   docker run -p 8080:8080 -e CREATE_SITE=true -e SANJI_ADMIN_PASSWORD='a long secret' sanji:1.0.0
#
# The Helm chart in helm/ runs the same image (docker/entrypoint.sh says which commands it takes).

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# ---------------------------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS builder

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_INPUT=1 \
    PATH=/app/venv/bin:$PATH

# A compiler and libpq's headers: psycopg2 (RelStorage's PostgreSQL driver) builds from source.
RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential libpq-dev \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /src
COPY constraints.txt ./
RUN python -m venv /app/venv \
    && pip install -c constraints.txt pip setuptools wheel

COPY setup.py MANIFEST.in README.md pyproject.toml ./
COPY src/ src/
COPY profiles/ profiles/
COPY theme/ theme/
COPY instance/ instance/
COPY docker/ docker/

# --no-build-isolation: sdists (Sanji itself, psycopg2) build with the pinned setuptools above
# instead of fetching the newest one into an isolated environment.
RUN pip install --no-build-isolation -c constraints.txt ".[relstorage]" \
    && pip check \
    && python docker/check_pinned.py constraints.txt \
    && python docker/compile_mo.py

# ---------------------------------------------------------------------------------------------
FROM ${PYTHON_IMAGE}

LABEL org.opencontainers.image.title="sanji" \
      org.opencontainers.image.description="三级网上审批便民服务平台 on Plone 6.2 Classic UI" \
      org.opencontainers.image.licenses="GPL-2.0-only"

# libpq5 for psycopg2, a Chinese font for seals and PDFs, tini to pass signals on (PID 1 ignores
# SIGTERM without a handler), curl for the health check and the FileStorage-mode CronJobs.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpq5 fonts-wqy-zenhei tini curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --gid 1000 sanji \
    && useradd --uid 1000 --gid 1000 --home-dir /app --no-create-home --shell /usr/sbin/nologin sanji \
    && mkdir -p /data \
    && chown 1000:1000 /data

COPY --from=builder /app/venv /app/venv
COPY instance/ /app/instance/
COPY docker/entrypoint.sh /app/entrypoint.sh

ENV PATH=/app/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    SANJI_VAR=/data \
    SANJI_LISTEN=0.0.0.0:8080 \
    CREATE_SITE=false

WORKDIR /app
USER 1000:1000
VOLUME ["/data"]
EXPOSE 8080

HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
    CMD curl -fsS -o /dev/null http://127.0.0.1:8080/ok || exit 1

ENTRYPOINT ["/usr/bin/tini", "--", "/app/entrypoint.sh"]
CMD ["start"]
