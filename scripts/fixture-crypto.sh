#!/usr/bin/env bash
# Real keys, kids, JWKs and signed JWTs for golden fixtures, made with the openssl CLI so the
# signature and kid checks run for real on committed fixtures. Kubernetes' kid is
# base64url(SHA-256(SubjectPublicKeyInfo DER)) without padding (pkg/serviceaccount/jwt.go).
#
#   scripts/fixture-crypto.sh key OUT.pem [rsa|ec]     new private key (RSA 2048 or P-256)
#   scripts/fixture-crypto.sh pub KEY.pem               the public key PEM (sa.pub)
#   scripts/fixture-crypto.sh kid KEY.pem               the key's Kubernetes kid
#   scripts/fixture-crypto.sh jwk KEY.pem [KID]         the public JWK (RSA n/e), kid defaults to the key's
#   scripts/fixture-crypto.sh token KEY.pem CLAIMS.json [KID]
#                                                       an RS256 JWT with header {alg, kid}
set -euo pipefail

b64url() { basenc --base64url -w0 | tr -d '='; }

cmd=${1:?usage: see the header of $0}
case "$cmd" in
  key)
    out=${2:?OUT.pem}
    if [[ ${3:-rsa} == ec ]]; then
      openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$out" 2>/dev/null
    else
      openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$out" 2>/dev/null
    fi
    ;;
  pub)
    openssl pkey -in "${2:?KEY.pem}" -pubout
    ;;
  kid)
    openssl pkey -in "${2:?KEY.pem}" -pubout -outform DER | openssl dgst -sha256 -binary | b64url
    echo
    ;;
  jwk)
    key=${2:?KEY.pem}
    kid=${3:-$("$0" kid "$key")}
    n=$(openssl rsa -in "$key" -noout -modulus 2>/dev/null | cut -d= -f2 | xxd -r -p | b64url)
    printf '{"use":"sig","kty":"RSA","kid":"%s","alg":"RS256","n":"%s","e":"AQAB"}\n' "$kid" "$n"
    ;;
  token)
    key=${2:?KEY.pem}
    claims=${3:?CLAIMS.json}
    kid=${4:-$("$0" kid "$key")}
    h=$(printf '{"alg":"RS256","kid":"%s"}' "$kid" | b64url)
    p=$(tr -d '\n' <"$claims" | b64url)
    s=$(printf '%s.%s' "$h" "$p" | openssl dgst -sha256 -sign "$key" -binary | b64url)
    printf '%s.%s.%s\n' "$h" "$p" "$s"
    ;;
  *)
    echo "unknown command $cmd" >&2
    exit 2
    ;;
esac
