namespace Routing.Silo.Configuration;

/// <summary>The configuration cannot start a silo; the message says which key is wrong and how to fix it.</summary>
public sealed class SiloConfigurationException(string message) : Exception(message);
