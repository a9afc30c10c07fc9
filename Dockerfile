# wi-doctor as a container image for CI jobs and in-cluster runs. Stage 1 builds the Debian
# package exactly as `make package` does; stage 2 installs that package on bookworm-slim (apt
# brings the libraries its Depends names) and keeps no compiler. Build from the repository root:
#   docker build --build-arg WID_GIT_REVISION=$(git describe --always --dirty) -t wi-doctor .
# Run:  docker run --rm -v "$PWD/bundle:/work:ro" wi-doctor analyze /work -o text=-
FROM debian:bookworm AS build
ARG WID_GIT_REVISION=unknown
WORKDIR /src
COPY scripts/install-deps.sh scripts/install-deps.sh
RUN scripts/install-deps.sh build && rm -rf /var/lib/apt/lists/*
COPY . .
RUN cmake -S . -B /build -G Ninja -DCMAKE_BUILD_TYPE=Release -DWID_BUILD_BENCH=OFF \
      -DWID_GIT_REVISION="${WID_GIT_REVISION}" \
 && cmake --build /build --target wi-doctor wid_man \
 && cd /build && cpack -G DEB && cp wi-doctor_*.deb /wi-doctor.deb

FROM debian:bookworm-slim
COPY --from=build /wi-doctor.deb /tmp/wi-doctor.deb
RUN apt-get update \
 && apt-get install -y --no-install-recommends /tmp/wi-doctor.deb \
 && rm -rf /var/lib/apt/lists/* /tmp/wi-doctor.deb \
 && useradd --uid 10001 --create-home --shell /usr/sbin/nologin wi-doctor \
 && mkdir /work && chown wi-doctor /work
USER 10001
WORKDIR /work
ENTRYPOINT ["wi-doctor"]
CMD ["--help"]
