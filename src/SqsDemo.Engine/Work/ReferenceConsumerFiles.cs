using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace SqsDemo.Engine.Work
{
    /// <summary>
    /// The files the seeds' consumer writes instead of tables: a log appended one value per line
    /// (SIDE_EFFECT_LOG_PATH, VERSION_LOG_PATH, VERSION_SEEN_LOG_PATH) and a version state, one JSON
    /// object of entity id to version (VERSION_STATE_PATH). Several consumers, in this process or in
    /// others, share one file: each write holds the file exclusively, as the seeds' flock did.
    /// </summary>
    public static class ReferenceConsumerFiles
    {
        /// <summary>In-process writers take turns per file; other processes are kept out by the exclusive open.</summary>
        private static readonly ConcurrentDictionary<string, SemaphoreSlim> Turns = new ConcurrentDictionary<string, SemaphoreSlim>(StringComparer.Ordinal);
        private static readonly TimeSpan LockRetry = TimeSpan.FromMilliseconds(5);
        private static readonly TimeSpan LockPatience = TimeSpan.FromSeconds(30);

        /// <summary>Appends <paramref name="value"/> as one line (creating the file and its folder).</summary>
        public static Task AppendLineAsync(string path, string value, CancellationToken cancellationToken = default) =>
            WithFileAsync(path, FileMode.Append, FileAccess.Write, stream =>
            {
                var bytes = Encoding.UTF8.GetBytes(value + "\n");
                stream.Write(bytes, 0, bytes.Length);
                return true;
            }, cancellationToken);

        /// <summary>
        /// Stores <paramref name="version"/> for <paramref name="entity"/> in the state file when it is newer
        /// than the stored one (or always, <paramref name="lastWriteWins"/>), then appends it to the log of
        /// applied versions. Returns whether it was applied and the version stored before.
        /// </summary>
        public static async Task<(bool Applied, long? Previous)> ApplyVersionAsync(string statePath, string logPath, string entity, long version, bool lastWriteWins, CancellationToken cancellationToken = default)
        {
            (bool Applied, long? Previous) outcome = (false, null);
            await WithFileAsync(statePath, FileMode.OpenOrCreate, FileAccess.ReadWrite, stream =>
            {
                var state = ReadState(stream);
                outcome.Previous = state.TryGetValue(entity, out var stored) ? stored : (long?)null;
                // The seeds' state starts every entity at 0: only versions above it apply.
                if (!lastWriteWins && version <= (outcome.Previous ?? 0)) return false;
                state[entity] = version;
                var bytes = JsonSerializer.SerializeToUtf8Bytes(state);
                stream.SetLength(0);
                stream.Write(bytes, 0, bytes.Length);
                outcome.Applied = true;
                return true;
            }, cancellationToken).ConfigureAwait(false);
            if (outcome.Applied) await AppendLineAsync(logPath, version.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
            return outcome;
        }

        /// <summary>The state file's versions; an empty or unreadable file is an empty state, as the seeds read it.</summary>
        private static Dictionary<string, long> ReadState(Stream stream)
        {
            var state = new Dictionary<string, long>(StringComparer.Ordinal);
            if (stream.Length == 0) return state;
            var bytes = new byte[stream.Length];
            var read = 0;
            while (read < bytes.Length) read += stream.Read(bytes, read, bytes.Length - read);
            stream.Position = 0;
            try
            {
                using (var document = JsonDocument.Parse(bytes))
                {
                    if (document.RootElement.ValueKind != JsonValueKind.Object) return state;
                    foreach (var property in document.RootElement.EnumerateObject())
                        if (property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetInt64(out var version))
                            state[property.Name] = version;
                }
            }
            catch (JsonException)
            {
            }
            return state;
        }

        private static async Task WithFileAsync(string path, FileMode mode, FileAccess access, Func<FileStream, bool> use, CancellationToken cancellationToken)
        {
            var full = Path.GetFullPath(path);
            var directory = Path.GetDirectoryName(full);
            if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
            var turn = Turns.GetOrAdd(full, _ => new SemaphoreSlim(1, 1));
            await turn.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                using (var stream = await OpenExclusiveAsync(full, mode, access, cancellationToken).ConfigureAwait(false))
                {
                    if (use(stream)) stream.Flush(flushToDisk: true);
                }
            }
            finally
            {
                turn.Release();
            }
        }

        /// <summary>Opens the file for this writer alone, waiting while another process holds it (a file lock, not scenario time).</summary>
        private static async Task<FileStream> OpenExclusiveAsync(string path, FileMode mode, FileAccess access, CancellationToken cancellationToken)
        {
            var waited = TimeSpan.Zero;
            while (true)
            {
                try
                {
                    return new FileStream(path, mode, access, FileShare.None);
                }
                catch (IOException) when (waited < LockPatience && File.Exists(path))
                {
                    await Task.Delay(LockRetry, cancellationToken).ConfigureAwait(false);
                    waited += LockRetry;
                }
            }
        }
    }
}
