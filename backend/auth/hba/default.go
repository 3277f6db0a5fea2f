package hba

// DefaultFile returns the pg_hba.conf a new data directory gets: trust for
// local connections and for TCP from 127.0.0.1/32 and ::1/128, for normal
// and replication connections, as initdb writes with --auth=trust.
func DefaultFile() string {
	return defaultFile
}

const defaultFile = `# pg_hba.conf: who may connect, from where, and how they prove who they are
# ===========================================================================
#
# The server reads this file at startup and again on SIGHUP (pg_ctl reload,
# or SELECT pg_reload_conf()). A file with an error is not loaded: the server
# keeps the rules it had and logs each bad line.
#
# Each record is one line (a backslash at the very end joins the next line)
# in one of these shapes:
#
# local         DATABASE  USER  METHOD  [OPTIONS]
# host          DATABASE  USER  ADDRESS  METHOD  [OPTIONS]
# hostssl       DATABASE  USER  ADDRESS  METHOD  [OPTIONS]
# hostnossl     DATABASE  USER  ADDRESS  METHOD  [OPTIONS]
# hostgssenc    DATABASE  USER  ADDRESS  METHOD  [OPTIONS]
# hostnogssenc  DATABASE  USER  ADDRESS  METHOD  [OPTIONS]
#
# The first record that fits a connection decides; when none fits, the
# connection is refused.
#
# Connection types: "local" is a Unix-domain socket; "host" is TCP/IP with
# or without SSL; "hostssl" only with SSL and "hostnossl" only without it;
# "hostgssenc" needs GSSAPI encryption, which this server does not offer, so
# such records never match; "hostnogssenc" is TCP/IP without it.
#
# DATABASE: a database name, "all", "sameuser" (the database named like the
# user), "samerole" (a database named like a role the user belongs to),
# "replication" (physical replication connections, which "all" does not
# cover), or a comma-separated list of these.
#
# USER: a user name, "all", "+role" for the members of a role, or a
# comma-separated list. In DATABASE and USER, "@file" reads names from that
# file, relative to this one's directory. Write a name in double quotes when
# it holds spaces, commas or quotes, or to mean the name rather than the
# keyword ("all" in quotes is a role called all).
#
# ADDRESS: an IP address with a CIDR mask length (192.168.0.0/16, ::1/128),
# or an address and a netmask in two columns, or "all", "samehost" (any of
# the server's own addresses), "samenet" (any subnet the server is on), or a
# host name (".example.com" matches every name ending that way), checked by
# reverse and then forward lookup of the client's address.
#
# METHOD: "trust", "reject", "scram-sha-256", "md5", "password" (sends the
# password in clear text) or "cert" (hostssl only). PostgreSQL's other
# methods are accepted in the file but refused when a connection uses them.
#
# OPTIONS: NAME=VALUE pairs for the method, e.g. clientcert=verify-full on
# hostssl records.
#
# CAUTION: "trust" lets anyone who can reach the server connect as any
# user, superusers included. Change it before allowing other hosts in.

# TYPE  DATABASE        USER            ADDRESS                 METHOD

# "local" is for Unix domain socket connections only
local   all             all                                     trust
# IPv4 local connections:
host    all             all             127.0.0.1/32            trust
# IPv6 local connections:
host    all             all             ::1/128                 trust
# Allow replication connections from localhost, by a user with the
# replication privilege.
local   replication     all                                     trust
host    replication     all             127.0.0.1/32            trust
host    replication     all             ::1/128                 trust
`
