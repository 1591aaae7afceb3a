#!/bin/sh
# Entry point of the Sanji image (see Dockerfile). Every command first renders the Zope instance
# from /app/instance and the environment (sanji-instance: RELSTORAGE_DSN, ZEO_ADDRESS, SANJI_VAR, ...
# as README.md lists them) into $SANJI_VAR/instance/etc, then:
#
#   start                    serve with waitress (runwsgi); with CREATE_SITE=true it first creates
#                            the site, or upgrades it (sanji-create-site; idempotent)
#   create-site              create or upgrade the site, then exit (the chart's bootstrap Job)
#   pack [--days N]          pack the database (sanji-pack), then exit
#   run COMMAND [ARGS...]    run COMMAND, e.g. `run sanji-sweep /data/instance/etc/zope.conf`
#                            (ZOPE_CONF names the rendered zope.conf for COMMAND)
#   anything else            executed as given, without rendering (e.g. `sh`)
set -eu

SANJI_VAR="${SANJI_VAR:-/data}"
export SANJI_VAR
ETC="$SANJI_VAR/instance/etc"
ZOPE_CONF="$ETC/zope.conf"
export ZOPE_CONF

render() {
    sanji-instance --templates "${SANJI_TEMPLATES:-/app/instance}"
}

command="${1:-start}"
[ "$#" -gt 0 ] && shift

case "$command" in
    start)
        render
        if [ "${CREATE_SITE:-false}" = "true" ]; then
            sanji-create-site "$ZOPE_CONF"
        fi
        exec runwsgi "$ETC/zope.ini"
        ;;
    create-site)
        render
        exec sanji-create-site "$ZOPE_CONF"
        ;;
    pack)
        render
        exec sanji-pack "$ZOPE_CONF" "$@"
        ;;
    run)
        if [ "$#" -eq 0 ]; then
            echo "entrypoint: run needs a command, e.g. run sanji-sweep $ZOPE_CONF" >&2
            exit 2
        fi
        render
        exec "$@"
        ;;
    *)
        exec "$command" "$@"
        ;;
esac
