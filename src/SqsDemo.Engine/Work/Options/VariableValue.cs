using System;
using System.Globalization;

namespace SqsDemo.Engine.Work
{
    /// <summary>How the seeds' environment variables are read; a malformed value throws naming its variable.</summary>
    internal static class VariableValue
    {
        public static int Int(string name, string value) =>
            int.TryParse(value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)
                ? parsed
                : throw new ArgumentException($"{name}='{value}' is not a whole number.", name);

        public static double Number(string name, string value) =>
            double.TryParse(value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
                ? parsed
                : throw new ArgumentException($"{name}='{value}' is not a number.", name);

        public static bool Flag(string name, string value)
        {
            switch (value.Trim().ToLowerInvariant())
            {
                case "1": case "true": case "yes": case "on": return true;
                case "0": case "false": case "no": case "off": case "": return false;
                default: throw new ArgumentException($"{name}='{value}' is not a flag (true/false, 1/0).", name);
            }
        }

        /// <summary>The seeds' LOG_LEVEL names, Python's logging levels among them.</summary>
        public static ConsumerLogLevel Level(string name, string value)
        {
            switch (value.Trim().ToUpperInvariant())
            {
                case "DEBUG": return ConsumerLogLevel.Debug;
                case "INFO": return ConsumerLogLevel.Info;
                case "WARN": case "WARNING": return ConsumerLogLevel.Warning;
                case "ERROR": case "CRITICAL": return ConsumerLogLevel.Error;
                default: throw new ArgumentException($"{name}='{value}' is not a level (DEBUG, INFO, WARNING, ERROR).", name);
            }
        }

        /// <summary>The value as it is.</summary>
        public static string? Text(string name, string value) => value;

        /// <summary>The value without surrounding whitespace (file paths and body field names).</summary>
        public static string? Trimmed(string name, string value) => value.Trim();
    }
}
