using TalentFunctions.Domain.Applications;
using TalentFunctions.Workflow.Commands;
using TalentFunctions.Workflow.Store;

namespace TalentFunctions.Workflow.Mentors;

/// <summary>
/// Fills an application's open review slots: the domain picks mentors (load-balanced, conflicts of interest,
/// language match) given how many reviews each has open across the program's other applications.
/// </summary>
public sealed class MentorAssignment(ApplicationRecords records, ApplicationStore store, MentorLoadStore mentorLoad)
{
    /// <summary>Runs the assignment under <paramref name="commandId"/> (so a repeat changes nothing).</summary>
    public async Task<CommandResult> AssignAsync(string applicationId, string commandId, CancellationToken cancellationToken = default)
    {
        var loaded = await store.GetAsync(applicationId, cancellationToken).ConfigureAwait(false);
        if (loaded is null)
        {
            return new ApplicationNotFound(applicationId);
        }
        var open = await mentorLoad.ListOpenAsync(loaded.State.ProgramId, cancellationToken).ConfigureAwait(false);
        var loads = open
            .Where(o => o.ApplicationId != applicationId)
            .GroupBy(o => o.MentorId)
            .Select(g => new MentorLoad(g.Key, g.Count()))
            .ToList();
        return await records.ApplyAsync(applicationId, new AssignMentors(commandId, "system", loads), cancellationToken).ConfigureAwait(false);
    }
}
