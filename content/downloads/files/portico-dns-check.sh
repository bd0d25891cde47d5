#!/bin/sh
# portico-dns-check 1.2.0 - show the DNS records that matter for a domain hosted at Portico Hosting.
# Usage: sh portico-dns-check.sh example.com
set -eu
domain="${1:?usage: portico-dns-check.sh DOMAIN}"
command -v dig >/dev/null 2>&1 || { echo "dig is required (package dnsutils or bind-utils)" >&2; exit 2; }
for type in NS A AAAA MX; do
  printf '%-5s ' "$type"; dig +short "$domain" "$type" | tr '\n' ' '; echo
done
printf 'SPF   '; dig +short "$domain" TXT | grep -i 'v=spf1' || echo "(none)"
printf 'DMARC '; dig +short "_dmarc.$domain" TXT || echo "(none)"
printf 'DKIM  '; dig +short "default._domainkey.$domain" TXT || echo "(none)"
