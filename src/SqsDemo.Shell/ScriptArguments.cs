using System;
using System.Collections.Generic;
using System.Management.Automation.Runspaces;

namespace SqsDemo.Shell;

/// <summary>
/// Turns the words after `-File path` into parameters for the script, with pwsh's own rules
/// so a script behaves the same under `pwsh -File` and `sqsdemo -File`:
/// `-Name` is a parameter name (the binder pairs it with the next value unless it is a switch),
/// `-Name:value` binds value (with `$true`/`true`/`$false`/`false` becoming booleans, so
/// `-Switch:$false` works), `-Name: value` binds the next word, anything else is positional.
/// </summary>
internal static class ScriptArguments
{
    public static IReadOnlyList<CommandParameter> Parse(ReadOnlySpan<string> words)
    {
        var parameters = new List<CommandParameter>();
        string? pendingName = null;

        foreach (string word in words)
        {
            if (pendingName is not null)
            {
                parameters.Add(new CommandParameter(pendingName, word));
                pendingName = null;
            }
            else if (word.Length > 1 && word[0] == '-')
            {
                int colon = word.IndexOf(':');
                if (colon < 0)
                {
                    // A bare name: the binder decides whether it is a switch or takes the next argument.
                    parameters.Add(new CommandParameter(word));
                }
                else if (colon == word.Length - 1)
                {
                    pendingName = word.Substring(0, colon);
                }
                else
                {
                    parameters.Add(new CommandParameter(word.Substring(0, colon), BooleanOrText(word.Substring(colon + 1))));
                }
            }
            else
            {
                parameters.Add(new CommandParameter(null, word));
            }
        }

        if (pendingName is not null)
        {
            // `-Name:` at the very end: let the binder report the missing argument.
            parameters.Add(new CommandParameter(pendingName));
        }

        return parameters;
    }

    private static object BooleanOrText(string value)
    {
        string bare = value.StartsWith('$') ? value.Substring(1) : value;
        return bool.TryParse(bare, out bool flag) ? flag : value;
    }
}
