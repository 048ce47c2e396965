# The SqsDemo consumer as a container: the shell host (src/SqsDemo.Shell) with the module beside it, running
# `Start-DemoConsumer -FromEnvironmentVariables`, configured by the seeds' environment variables (QUEUE_URL, CRASH_RATE,
# MESSAGE_STATUS_TABLE, ...; terraform/ecs.tf sets them) and AWS_REGION. Credentials come from the SDK's chain (the
# ECS task role). Build and push for linux/amd64 with ./build.ps1 -Task Container.
#
# tests/SqsDemo.Tests/Shell/PublishedShellTests.cs publishes the shell as the build stage does and runs this
# ENTRYPOINT's command with environment variables only, against moto.

# The build stage runs on the builder's own platform ($BUILDPLATFORM, which BuildKit and buildx define), not the
# target's: on an ARM machine (Apple silicon, Graviton) building for linux/amd64 the SDK then runs natively instead of
# under QEMU emulation, which is slow and known to crash the .NET SDK. That is safe because the publish below names no
# runtime identifier: its output is portable IL (with every platform's native assets under runtimes/), and only the
# final stage, on the target platform, picks the runtime that runs it.
FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src

# Restore first, from the project files alone, so that a change of code does not download the packages again.
COPY Directory.Build.props ./
COPY src/SqsDemo.Engine/SqsDemo.Engine.csproj src/SqsDemo.Engine/
COPY src/SqsDemo/SqsDemo.csproj src/SqsDemo/
COPY src/SqsDemo.Shell/SqsDemo.Shell.csproj src/SqsDemo.Shell/
RUN dotnet restore src/SqsDemo.Shell/SqsDemo.Shell.csproj

# The module's build lays it out in out/SqsDemo (dll, manifest, formats, help, scenarios); the shell's publish copies
# that to Modules/SqsDemo beside itself, where it imports it from.
COPY SqsDemo.psd1 ./
COPY module/ module/
COPY scenarios/ scenarios/
COPY src/ src/
RUN dotnet publish src/SqsDemo.Shell/SqsDemo.Shell.csproj --configuration Release --no-restore --output /app

# The target platform (--platform linux/amd64 in ./build.ps1 -Task Container): what ECS runs.
FROM mcr.microsoft.com/dotnet/runtime:10.0
WORKDIR /app
ENV POWERSHELL_TELEMETRY_OPTOUT=1
COPY --from=build /app ./
# ECS mounts a task volume at /tmp (terraform/ecs.tf: the root filesystem is read-only). Fargate gives a bind mount
# root's ownership and mode 0755 unless the image declares the path a VOLUME, when it copies the image's folder (owner
# and mode 1777) instead: without this line the unprivileged user could not write its temporary files.
VOLUME ["/tmp"]
# The images' unprivileged user (uid 1654, "app").
USER $APP_UID
# The region is the task definition's AWS_REGION. SIGTERM (docker stop, ECS) stops the consumer gracefully: it
# finishes the message in hand and the shell exits 143; IDLE_TIMEOUT_SECONDS or MESSAGE_LIMIT end it with 0.
ENTRYPOINT ["dotnet", "SqsDemo.Shell.dll", "-Command", "$null = Connect-DemoBackend -Region $env:AWS_REGION; Start-DemoConsumer -FromEnvironmentVariables"]
