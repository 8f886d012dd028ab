# The methylstream image for docker-compose.yml: built from this repository, runs 'methylstream COMMAND ...'.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY schemas schemas
COPY src/main src/main
RUN mvn -B -q -Dmaven.test.skip=true package

FROM eclipse-temurin:17-jre
# directories that named volumes are mounted on start out owned by the user, so the volumes are writable
RUN useradd --system --create-home --home-dir /var/lib/methylstream methylstream \
    && mkdir -p /results && chown methylstream /results
COPY --from=build /src/target/methylstream.jar /opt/methylstream/methylstream.jar
COPY --from=build /src/target/lib /opt/methylstream/lib
USER methylstream
ENV METHYLSTREAM_HOME=/var/lib/methylstream
WORKDIR /var/lib/methylstream
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=50", "-jar", "/opt/methylstream/methylstream.jar"]
CMD ["--help"]
